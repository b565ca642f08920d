namespace Serverless.Domain.Scoring;

/// <summary>Whether a team leader's adjustments (临时加减分) count, and where.</summary>
public sealed record AdjustmentRules
{
    public required Dimension Dimension { get; init; }

    /// <summary>Negative adjustments; never under <c>positive-incentive</c>.</summary>
    public required bool AllowDeductions { get; init; }
}
