using Serverless.Domain.Exports;

namespace Serverless.Domain.Ports;

/// <summary>
/// Work items (the <c>workload</c> scheme's input) per day and source: a corrected file for the same day and
/// source replaces exactly what the earlier one stored.
/// </summary>
public interface IWorkItemStore
{
    /// <summary>Replaces everything one source stored for the day with <paramref name="items"/>; safe to repeat.</summary>
    Task ReplaceAsync(DateOnly date, string source, string importId, IReadOnlyList<WorkItemRecord> items, CancellationToken cancellationToken);

    /// <summary>The day's work items, all sources, in agent order.</summary>
    Task<IReadOnlyList<WorkItemRecord>> GetDayAsync(DateOnly date, CancellationToken cancellationToken);
}
