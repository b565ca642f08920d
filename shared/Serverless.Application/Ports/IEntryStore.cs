using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// Append-only entries by month (the entry's date decides the month it counts in): team-building awards
/// (<c>IEntryStore&lt;AwardRecord&gt;</c>) and leader adjustments (<c>IEntryStore&lt;PointsAdjustment&gt;</c>).
/// Which of a month's entries count is <see cref="Entries.GetInForceAsync{T}"/>.
/// </summary>
public interface IEntryStore<T> where T : IAgentEntry
{
    /// <summary>Adds an entry or reversal; false when one with that id already exists in its month (a retry never enters twice).</summary>
    Task<bool> AddAsync(Entry<T> entry, CancellationToken cancellationToken);

    Task<Entry<T>?> GetAsync(YearMonth month, string id, CancellationToken cancellationToken);

    /// <summary>Every entry and reversal dated in the month.</summary>
    Task<IReadOnlyList<Entry<T>>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken);
}
