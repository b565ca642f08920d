using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

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
}
