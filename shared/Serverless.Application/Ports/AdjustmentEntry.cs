using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// One stored leader adjustment (临时加减分, the workload scheme's Q), or the withdrawal of one (<see cref="ReversalOf"/>
/// set): kept side by side, as awards are, so a withdrawn adjustment stays visible beside the entry that cancels it.
/// </summary>
public sealed record AdjustmentEntry
{
    /// <summary>The adjustment; its id is the HR call's Idempotency-Key (a reversal's is the original's plus a suffix).</summary>
    public required PointsAdjustment Adjustment { get; init; }

    /// <summary><c>api:{caller}</c>.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public string? ReversalOf { get; init; }

    /// <summary>Why a reversal withdrew the adjustment (the adjustment's own reason is on <see cref="Adjustment"/>).</summary>
    public string? ReversalReason { get; init; }
}
