using Serverless.Domain.Scoring;
using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// Running months per agent (partition = month, so month close reads one partition): written by scoring under
/// ETags, one day at a time, so a repeated or concurrent scoring of a day replaces that day and never adds it twice.
/// </summary>
public interface IAgentMonthStore
{
    /// <summary>Replaces (or adds) one scored day in the agent's month; safe under concurrent calls for the same agent.</summary>
    Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken);

    /// <summary>Removes an agent's day (its metrics are gone); nothing when it was never scored.</summary>
    Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken);

    Task<AgentMonthRecord?> GetAsync(string agentId, YearMonth month, CancellationToken cancellationToken);

    Task<IReadOnlyList<AgentMonthRecord>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>
    /// Every agent's month as month close reads it (figures, last department, imports), without the days: a store
    /// keeps these beside the days so the close never reads them (<see cref="AgentMonthSummary.Of"/> of each month).
    /// </summary>
    Task<IReadOnlyList<AgentMonthSummary>> GetMonthSummariesAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>The stored day of each given agent that has one (what a re-score replaces).</summary>
    Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetDaysAsync"/> to look at, not to write from: a store may leave out what only a write needs (totals,
    /// figures, ETags).
    /// </summary>
    Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysOnlyAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken);

    /// <summary>
    /// Puts many agents' scored day at once (null removes the agent's day): the same outcome as one
    /// <see cref="PutDayAsync"/> or <see cref="RemoveDayAsync"/> each, which a store may batch.
    /// </summary>
    Task PutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="PutDaysAsync(DateOnly, IReadOnlyList{KeyValuePair{string, ScoredDay}}, CancellationToken)"/> for
    /// rows as <paramref name="read"/> saw them (what <see cref="GetDaysAsync"/> returned for these agents), and only
    /// those: returns the agents whose row another invocation wrote since, whose days were not written (their caller
    /// scored them from inputs that may be older than that write, so it scores them again). A store writes what it can
    /// and names the rest.
    /// </summary>
    Task<IReadOnlyList<string>> PutDaysIfUnchangedAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay> read, CancellationToken cancellationToken);
}
