using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>Leader adjustments (临时加减分) by month: the adjustment's date decides the month it counts in.</summary>
public interface IAdjustmentStore
{
    /// <summary>Adds an adjustment or reversal; false when one with that id already exists (a retry never adjusts twice).</summary>
    Task<bool> AddAsync(AdjustmentEntry entry, CancellationToken cancellationToken);

    Task<AdjustmentEntry?> GetAsync(YearMonth month, string adjustmentId, CancellationToken cancellationToken);

    /// <summary>Every adjustment and reversal dated in the month.</summary>
    Task<IReadOnlyList<AdjustmentEntry>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>The adjustments in force for the month: withdrawn ones and their reversals left out.</summary>
    Task<IReadOnlyList<PointsAdjustment>> GetInForceAsync(YearMonth month, CancellationToken cancellationToken);
}
