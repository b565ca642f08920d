using Serverless.Domain.Metrics;

namespace Serverless.Domain.Jobs;

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
/// but never counts its agent-days twice; a finished job ignores late chunks. Groundwork for issue 15 item 4: the
/// 202 route, job store and queue-triggered function that drive it are not built yet.
/// </summary>
public sealed record RescoreJob
{
    public required string Id { get; init; }
    public required YearMonth Month { get; init; }
    public required string Reason { get; init; }
    public JobStatus Status { get; init; } = JobStatus.Queued;

    /// <summary>Agent-days still to score, per day not yet done; fixed when the job is planned.</summary>
    public required IReadOnlyDictionary<DateOnly, int> Pending { get; init; }

    /// <summary>Agent-days scored, per day done.</summary>
    public IReadOnlyDictionary<DateOnly, int> Done { get; init; } = new Dictionary<DateOnly, int>();

    public string? Error { get; init; }

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
        var job = new RescoreJob { Id = id, Month = month, Reason = reason, Pending = pending };
        return pending.Count == 0 ? job with { Status = JobStatus.Succeeded } : job;
    }

    /// <summary>The next day to score, or null when none is left.</summary>
    public DateOnly? NextDay => Pending.Count == 0 ? null : Pending.Keys.Min();

    /// <summary>Records a day scored; a day already done, or not part of the job, or a finished job is left unchanged.</summary>
    public RescoreJob CompleteDay(DateOnly day)
    {
        if (Status is JobStatus.Succeeded or JobStatus.Failed || !Pending.TryGetValue(day, out var agents)) return this;
        var pending = Pending.Where(p => p.Key != day).ToDictionary(p => p.Key, p => p.Value);
        var done = new Dictionary<DateOnly, int>(Done) { [day] = agents };
        return this with
        {
            Pending = pending,
            Done = done,
            Status = pending.Count == 0 ? JobStatus.Succeeded : JobStatus.Running,
        };
    }

    /// <summary>Ends the job as failed (e.g. its message went to the poison queue); a succeeded job stays succeeded.</summary>
    public RescoreJob Fail(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return Status == JobStatus.Succeeded ? this : this with { Status = JobStatus.Failed, Error = error };
    }
}
