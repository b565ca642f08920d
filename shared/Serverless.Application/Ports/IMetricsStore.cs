using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>Per agent-day metrics, kept per source file so a corrected file replaces exactly its own contribution.</summary>
public interface IMetricsStore
{
    /// <summary>
    /// Replaces everything one kind and source contributed to a day with <paramref name="metrics"/>, and
    /// returns the agents whose stored metrics changed (added, altered or removed), sorted ordinally.
    /// </summary>
    Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, ExportKind kind, string source, string importId, IReadOnlyList<AgentDayMetrics> metrics, CancellationToken cancellationToken);

    /// <summary>The day's metrics of the given agents, all sources combined; agents with none are absent.</summary>
    Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken);

    /// <summary>The whole day's metrics, all sources combined, one per agent.</summary>
    Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>
    /// The whole day's agents with what peer norms read of them (<see cref="Scoring.PeerNorms.Compute"/>: answered
    /// calls, handle time, time record, schedule) and what the day's E reads (the day's spread of E is scored from the
    /// same read: short calls too), all sources combined, one per agent.
    /// </summary>
    Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>
    /// The day's metrics of the given agents with the import ids behind each, so ledger entries can name the files
    /// they came from.
    /// </summary>
    Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken);

    /// <summary>
    /// The kinds of export that have stored metrics for the day, from any source (a rule is scored once every export it
    /// reads is in).
    /// </summary>
    Task<IReadOnlySet<ExportKind>> GetKindsAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="GetKindsAsync"/> and <see cref="GetWithImportsAsync"/> in one, for a score request: a store that
    /// learns both from the same rows reads them once.
    /// </summary>
    Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken);

    /// <summary>The agents with any metrics on the day, ordinal order (re-scoring a whole day or month).</summary>
    Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken);
}
