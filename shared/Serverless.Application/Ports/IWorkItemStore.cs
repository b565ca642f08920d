using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>
/// Work items (the <c>workload</c> scheme's input) per day and source: a corrected file for the same day and
/// source replaces exactly what the earlier one stored.
/// </summary>
public interface IWorkItemStore
{
    /// <summary>
    /// Replaces everything one source stored for the day with <paramref name="items"/>; safe to repeat. Returns the
    /// agents whose stored items changed (added, altered or removed), sorted ordinally: the agent-days to re-score.
    /// </summary>
    Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, string source, string importId, IReadOnlyList<WorkItemRecord> items, CancellationToken cancellationToken);

    /// <summary>The day's work items, all sources, in agent order.</summary>
    Task<IReadOnlyList<WorkItemRecord>> GetDayAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>
    /// The given agents' work items of the day, all sources, with the imports behind each agent's items; agents with
    /// none are absent, the rest in ordinal order.
    /// </summary>
    Task<IReadOnlyList<WorkItemsWithImports>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken);
}
