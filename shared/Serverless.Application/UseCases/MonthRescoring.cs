using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// The HR API's re-score of an open month, as a job: the job's row is added and its first message queued, and the call
/// answers at once. A month at 20,000 agents is over 600,000 agent-days, far past what an HTTP front end waits for, so
/// the work runs from the queue (<see cref="RescoreJobRunner"/>), a day a message.
/// </summary>
public sealed class MonthRescoring(IRescoreJobStore jobs, IRescoreJobQueue queue, TimeProvider clock) : IMonthRescoring
{
    public Task<RescoreStart> StartAsync(string jobId, YearMonth month, string reason, string requestedBy, CancellationToken cancellationToken) =>
        StartAsync(RescoreJob.Queue(jobId, month, reason, requestedBy, clock.GetUtcNow()), cancellationToken);

    public Task<RescoreStart> StartWhatIfAsync(string jobId, YearMonth month, string rulesVersion, string requestedBy, CancellationToken cancellationToken) =>
        StartAsync(RescoreJob.QueueWhatIf(jobId, month, rulesVersion, requestedBy, clock.GetUtcNow()), cancellationToken);

    private async Task<RescoreStart> StartAsync(RescoreJob job, CancellationToken cancellationToken)
    {
        var (jobId, month, reason) = (job.Id, job.Month, job.Reason);
        if (await jobs.AddAsync(job, cancellationToken))
        {
            await queue.EnqueueAsync(jobId, cancellationToken);
            return new RescoreStart(job, Existing: false);
        }
        var existing = (await jobs.GetAsync(jobId, cancellationToken))?.Job
            ?? throw new InvalidOperationException($"Re-score job {jobId} exists but could not be read.");
        // A retry of the same request: the first may have stopped between adding the job and queuing its message, so a
        // job nobody has planned yet is queued again (a second message for it is harmless: the plan is recorded once).
        if (existing.Kind == job.Kind && existing.Month == month && existing.Reason == reason && existing.RulesVersion == job.RulesVersion && existing is { Planned: false, IsFinished: false })
        {
            await queue.EnqueueAsync(jobId, cancellationToken);
        }
        return new RescoreStart(existing, Existing: true);
    }

    public async Task<RescoreJob?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        (await jobs.GetAsync(jobId, cancellationToken))?.Job;
}

/// <summary>
/// Runs a re-score job from its queue, one step a message: a job not planned yet is planned (its days and agent-days
/// counted); then each message scores the job's next day, records it done in the job's row under that row's ETag, and
/// queues the next message. A crash anywhere resumes from the row: a redelivered message scores the day not yet
/// recorded (scoring overwrites, so a day scored twice leaves one result) and a day recorded is never counted again.
/// Two messages for one job (a crash between queuing the next and settling this one) either take turns or race for the
/// same day, and the one that loses the race stops, so the job never runs twice over.
/// </summary>
public sealed class RescoreJobRunner(IRescoreJobStore jobs, IRescoreJobQueue queue, MonthRescorer rescorer, AgentDayScorer scorer, MonthWhatIf whatIf, TimeProvider clock, DayNorms norms)
{
    /// <summary>The longest error text kept in a job's row.</summary>
    public const int MaxErrorLength = 1000;

    /// <param name="jobId">The job the message names.</param>
    /// <param name="redelivered">The message was delivered before (an earlier attempt may have written part of the day).</param>
    /// <param name="cancellationToken">Cancels the step; the message is then delivered again.</param>
    /// <returns>What the step did, for the invocation's log.</returns>
    public async Task<string> RunAsync(string jobId, bool redelivered, CancellationToken cancellationToken)
    {
        var stored = await jobs.GetAsync(jobId, cancellationToken);
        if (stored is null) return $"Re-score job {jobId} does not exist: nothing to do.";
        var job = stored.Job;
        if (job.IsFinished) return $"Re-score job {jobId} is {job.Status.ToString().ToLowerInvariant()} already: nothing to do.";

        if (!job.Planned)
        {
            var perDay = new Dictionary<DateOnly, int>();
            var agents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var day in job.Month.Days())
            {
                var ids = await rescorer.AgentsOfDayAsync(day, cancellationToken);
                if (ids.Count > 0) perDay[day] = ids.Count;
                agents.UnionWith(ids);
            }
            var planned = job.WithPlan(perDay, agents.Count) with { UpdatedAt = clock.GetUtcNow() };
            if (!await jobs.TryReplaceAsync(planned, stored.ETag, cancellationToken))
            {
                return $"Re-score job {jobId} was planned by another delivery, which continues it.";
            }
            if (planned.IsFinished) return $"Re-score job {jobId}: {job.Month} has no agent-day to re-score.";
            await queue.EnqueueAsync(jobId, cancellationToken);
            return $"Re-score job {jobId} planned: {planned.DaysTotal} days, {planned.AgentDaysTotal} agent-days of {planned.Agents} agents in {job.Month}.";
        }

        var next = job.NextDay ?? throw new InvalidOperationException($"Re-score job {jobId} is {job.Status} with no day left.");
        if (job.Kind == JobKind.WhatIf) return await WhatIfStepAsync(stored, next, cancellationToken);
        // The day's norms and spread of E first, under the rules in force now: the norms do not depend on the rules, the
        // spread does (a new version's curve or short-call limit), and the day scored next gives the same E.
        await norms.RefreshAsync(next, cancellationToken);
        var requests = await rescorer.RequestsForDayAsync(next, $"re-score {job.Month}: {job.Reason}", cancellationToken);
        foreach (var request in requests)
        {
            await scorer.ScoreAsync(request, redelivered, cancellationToken);
        }

        while (true)
        {
            var done = job.CompleteDay(next) with { UpdatedAt = clock.GetUtcNow() };
            if (await jobs.TryReplaceAsync(done, stored.ETag, cancellationToken))
            {
                if (!done.IsFinished) await queue.EnqueueAsync(jobId, cancellationToken);
                return $"Re-score job {jobId}: {next:yyyy-MM-dd} re-scored ({requests.Sum(r => r.AgentIds.Count)} agent-days); " +
                       $"{done.DaysDone}/{done.DaysTotal} days, {done.AgentDaysDone}/{done.AgentDaysTotal} agent-days, {done.Status.ToString().ToLowerInvariant()}.";
            }
            stored = await jobs.GetAsync(jobId, cancellationToken) ?? throw new InvalidOperationException($"Re-score job {jobId} vanished.");
            job = stored.Job;
            if (job.IsFinished || !job.Pending.ContainsKey(next))
            {
                // Another delivery of this job recorded the day first: it queues the next step, so this one stops here.
                return $"Re-score job {jobId}: {next:yyyy-MM-dd} was recorded by another delivery, which continues the job.";
            }
            // The row changed for another reason (a failed attempt noted its error): record the day on the newer row.
        }
    }

    /// <summary>
    /// One step of a what-if: the day scored under the draft into the job's scratch output (a redelivery replaces it);
    /// on the job's last day, the report from every day, written before the job is recorded succeeded with its totals.
    /// </summary>
    private async Task<string> WhatIfStepAsync(StoredRescoreJob stored, DateOnly next, CancellationToken cancellationToken)
    {
        var job = stored.Job;
        var agentDays = await whatIf.ScoreDayAsync(job, next, cancellationToken);
        while (true)
        {
            string report = "";
            RescoreJob done;
            if (job.IsLastDay(next))
            {
                var totals = await whatIf.ReportAsync(job, [.. job.Done.Keys, next], cancellationToken);
                done = job.CompleteWhatIf(next, totals) with { UpdatedAt = clock.GetUtcNow() };
                report = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"; report written: {totals.RankMoves} rank moves, {totals.TierChanges} tier changes, bonus CNY {totals.BonusTotalBefore:0.00} → {totals.BonusTotalAfter:0.00}");
            }
            else
            {
                done = job.CompleteDay(next) with { UpdatedAt = clock.GetUtcNow() };
            }
            if (await jobs.TryReplaceAsync(done, stored.ETag, cancellationToken))
            {
                if (!done.IsFinished) await queue.EnqueueAsync(job.Id, cancellationToken);
                return $"What-if {job.Id} of rules {job.RulesVersion} on {job.Month}: {next:yyyy-MM-dd} scored ({agentDays} agent-days); " +
                       $"{done.DaysDone}/{done.DaysTotal} days, {done.AgentDaysDone}/{done.AgentDaysTotal} agent-days, {done.Status.ToString().ToLowerInvariant()}{report}.";
            }
            stored = await jobs.GetAsync(job.Id, cancellationToken) ?? throw new InvalidOperationException($"What-if job {job.Id} vanished.");
            job = stored.Job;
            if (job.IsFinished || !job.Pending.ContainsKey(next))
            {
                return $"What-if {job.Id}: {next:yyyy-MM-dd} was recorded by another delivery, which continues the job.";
            }
        }
    }

    /// <summary>
    /// Records a failed attempt at the job's step: its error while the queue retries, or, on the <paramref name="last"/>
    /// delivery the queue makes, the job failed with <paramref name="reason"/>.
    /// </summary>
    public async Task RecordFailureAsync(string jobId, string reason, bool last, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var text = reason.Length <= MaxErrorLength ? reason : reason[..MaxErrorLength] + "…";
        while (await jobs.GetAsync(jobId, cancellationToken) is { } stored && !stored.Job.IsFinished)
        {
            var changed = (last ? stored.Job.Fail(text) : stored.Job.AttemptFailed(text)) with { UpdatedAt = clock.GetUtcNow() };
            if (await jobs.TryReplaceAsync(changed, stored.ETag, cancellationToken)) return;
        }
    }

    /// <summary>
    /// The job's message was moved to the poison queue (its step failed on every delivery, or the handler died each
    /// time): the job fails with that reason and the last attempt's error, if one was recorded.
    /// </summary>
    public async Task<string> PoisonedAsync(string jobId, string poisonQueue, int maxDeliveries, CancellationToken cancellationToken)
    {
        var stored = await jobs.GetAsync(jobId, cancellationToken);
        if (stored is null) return $"Re-score job {jobId} does not exist: nothing to mark.";
        if (stored.Job.IsFinished) return $"Re-score job {jobId} is {stored.Job.Status.ToString().ToLowerInvariant()} already.";
        var job = stored.Job;
        var step = !job.Planned ? "planning the job" : job.Kind == JobKind.WhatIf ? $"scoring {job.NextDay:yyyy-MM-dd} under rules {job.RulesVersion}" : $"re-scoring {job.NextDay:yyyy-MM-dd}";
        var reason = $"The step {step} failed on each of its {maxDeliveries} deliveries and its message was moved to {poisonQueue}" +
                     (job.LastError is { } last ? $"; the last error: {last}" : ".");
        await RecordFailureAsync(jobId, reason, last: true, cancellationToken);
        return $"Re-score job {jobId} failed: {reason}";
    }
}
