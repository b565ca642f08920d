using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

/// <summary>Scored agent-days, keyed by agent and day so re-scoring overwrites.</summary>
public interface IDaySummaryStore
{
    Task UpsertAsync(IReadOnlyList<DaySummary> days, CancellationToken cancellationToken);

    /// <summary>Removes the given agents' scored day (their metrics are gone, e.g. a corrected file dropped them).</summary>
    Task DeleteAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<DaySummary>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken);
}
