using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Domain.Jobs;

/// <summary>What a month job does with each day it goes through.</summary>
public enum JobKind
{
    /// <summary>Re-scores the day into the ledger under the rules in force on it.</summary>
    Rescore,

    /// <summary>
    /// Scores the day under a rules version (a draft, usually) into the job's own scratch output, writing no ledger; the
    /// last day ranks the month under that version and reports the diff against the month as it stands (试算).
    /// </summary>
    WhatIf,
}

/// <summary>The states a long HR job passes through.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// The checkpoint of a month re-score run as a job, one chunk per day. A chunk is recorded done at most once, so a
/// redelivered chunk message (queue triggers deliver at least once) re-scores its day harmlessly — scoring overwrites —
/// but never counts its agent-days twice; a finished job ignores late chunks. HR's <c>POST /api/months/{m}/rescore</c>
/// queues one (<see cref="Queue"/>), the <c>RescoreJobs</c> queue function plans it (<see cref="WithPlan"/>) and then
/// scores one day per message, recording each with <see cref="CompleteDay"/> in the job's row.
/// </summary>
public sealed record RescoreJob
{
    public required string Id { get; init; }
    public required YearMonth Month { get; init; }
    public required string Reason { get; init; }
    public JobStatus Status { get; init; } = JobStatus.Queued;

    /// <summary>What the job does with each day: re-score it, or score it under <see cref="RulesVersion"/> for a what-if.</summary>
    public JobKind Kind { get; init; } = JobKind.Rescore;

    /// <summary>A what-if's rules version (the draft it previews); null for a re-score.</summary>
    public string? RulesVersion { get; init; }

    /// <summary>A succeeded what-if's totals (its report is the job's output files).</summary>
    public WhatIfTotals? WhatIf { get; init; }

    /// <summary>Agent-days still to score, per day not yet done; fixed when the job is planned.</summary>
    public required IReadOnlyDictionary<DateOnly, int> Pending { get; init; }

    /// <summary>Agent-days scored, per day done.</summary>
    public IReadOnlyDictionary<DateOnly, int> Done { get; init; } = new Dictionary<DateOnly, int>();

    public string? Error { get; init; }

    /// <summary>Whether the days to score have been counted (a queued job is planned by its first queue message).</summary>
    public bool Planned { get; init; }

    /// <summary>Distinct agents with at least one day to score, counted when the job is planned.</summary>
    public int Agents { get; init; }

    /// <summary>Who asked for the job (the caller's name), for the job's answer and the logs.</summary>
    public string RequestedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Why the last attempt at a chunk failed, if one did; kept while the queue retries it.</summary>
    public string? LastError { get; init; }

    /// <summary>Days to score, days done: the job's progress by days.</summary>
    public int DaysTotal => Pending.Count + Done.Count;
    public int DaysDone => Done.Count;

    public bool IsFinished => Status is JobStatus.Succeeded or JobStatus.Failed;

    /// <summary>A job accepted but not yet planned: its queue message plans it.</summary>
    public static RescoreJob Queue(string id, YearMonth month, string reason, string requestedBy, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new RescoreJob
        {
            Id = id, Month = month, Reason = reason, RequestedBy = requestedBy ?? "", Pending = new Dictionary<DateOnly, int>(),
            CreatedAt = at, UpdatedAt = at,
        };
    }

    /// <summary>A what-if accepted but not yet planned: it scores <paramref name="month"/> under <paramref name="rulesVersion"/>.</summary>
    public static RescoreJob QueueWhatIf(string id, YearMonth month, string rulesVersion, string requestedBy, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rulesVersion);
        return Queue(id, month, $"what-if of rules {rulesVersion}", requestedBy, at) with { Kind = JobKind.WhatIf, RulesVersion = rulesVersion };
    }

    /// <summary>
    /// Plans a queued job over the month's agent-days (day → agents to score) and its distinct <paramref name="agents"/>:
    /// running, or succeeded at once when nothing is to score. A job planned already is left unchanged.
    /// </summary>
    public RescoreJob WithPlan(IReadOnlyDictionary<DateOnly, int> agentsPerDay, int agents)
    {
        if (Planned || IsFinished) return this;
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        var planned = Plan(Id, Month, Reason, agentsPerDay);
        return this with
        {
            Pending = planned.Pending,
            Done = planned.Done,
            Planned = true,
            Agents = agents,
            Status = planned.Status != JobStatus.Succeeded ? JobStatus.Running : Kind == JobKind.WhatIf ? JobStatus.Failed : JobStatus.Succeeded,
            // A what-if of a month without a scored day has nothing to compare: it fails saying so.
            Error = planned.Status == JobStatus.Succeeded && Kind == JobKind.WhatIf ? $"{Month} has no scored agent-day: nothing to preview rules {RulesVersion} on." : Error,
        };
    }

    public int AgentDaysTotal => Pending.Values.Sum() + Done.Values.Sum();
    public int AgentDaysDone => Done.Values.Sum();

    /// <summary>Plans a job over the agent-days of a month (day → agents to score); days with no agents are left out.</summary>
    public static RescoreJob Plan(string id, YearMonth month, string reason, IReadOnlyDictionary<DateOnly, int> agentsPerDay)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var pending = new Dictionary<DateOnly, int>();
        foreach (var (day, agents) in agentsPerDay)
        {
            if (YearMonth.Of(day) != month)
                throw new ArgumentException($"{day:yyyy-MM-dd} is not in {month}.", nameof(agentsPerDay));
            ArgumentOutOfRangeException.ThrowIfNegative(agents);
            if (agents > 0) pending[day] = agents;
        }
        var job = new RescoreJob { Id = id, Month = month, Reason = reason, Pending = pending, Planned = true };
        return pending.Count == 0 ? job with { Status = JobStatus.Succeeded } : job;
    }

    /// <summary>The next day to score, or null when none is left.</summary>
    public DateOnly? NextDay => Pending.Count == 0 ? null : Pending.Keys.Min();

    /// <summary>Whether <paramref name="day"/> is the only day left: a what-if reports when it records it.</summary>
    public bool IsLastDay(DateOnly day) => !IsFinished && Pending.Count == 1 && Pending.ContainsKey(day);

    /// <summary>Records a what-if's last day with its report's totals: the job succeeds; anything else is left unchanged.</summary>
    public RescoreJob CompleteWhatIf(DateOnly day, WhatIfTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (Kind != JobKind.WhatIf || !IsLastDay(day)) return this;
        return CompleteDay(day) with { WhatIf = totals };
    }

    /// <summary>Records a day scored; a day already done, or not part of the job, or a finished job is left unchanged.</summary>
    public RescoreJob CompleteDay(DateOnly day)
    {
        if (IsFinished || !Pending.TryGetValue(day, out var agents)) return this;
        var pending = Pending.Where(p => p.Key != day).ToDictionary(p => p.Key, p => p.Value);
        var done = new Dictionary<DateOnly, int>(Done) { [day] = agents };
        return this with
        {
            Pending = pending,
            Done = done,
            Status = pending.Count == 0 ? JobStatus.Succeeded : JobStatus.Running,
            LastError = null,
        };
    }

    /// <summary>Ends the job as failed (e.g. its message went to the poison queue); a succeeded job stays succeeded.</summary>
    public RescoreJob Fail(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return IsFinished ? this : this with { Status = JobStatus.Failed, Error = error };
    }

    /// <summary>Records why an attempt failed while the queue still retries it; a finished job is left unchanged.</summary>
    public RescoreJob AttemptFailed(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return IsFinished ? this : this with { LastError = error };
    }
}
