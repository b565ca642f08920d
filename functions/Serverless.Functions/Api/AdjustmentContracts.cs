namespace Serverless.Functions.Api;

/// <summary>
/// A team leader's temporary addition or deduction (临时加减分, the workload scheme's Q) as HR or the leader posts it:
/// signed points with two decimals at most, and always a reason.
/// </summary>
public sealed record AdjustmentInput(string? AgentId, DateOnly? Date, decimal? Points, string? Reason)
{
    public const int MaxReasonLength = 500;

    /// <summary>The largest addition or deduction one entry may carry.</summary>
    public const decimal MaxPoints = 100m;
}

/// <summary>An adjustment, the dimension it counts in under the rules in force on its date, and its reversal when withdrawn.</summary>
public sealed record AdjustmentResponse(
    string AdjustmentId,
    string AgentId,
    DateOnly Date,
    decimal Points,
    string Reason,
    string Dimension,
    string RulesVersion,
    string Source,
    DateTimeOffset RecordedAt,
    EntryReversal? Reversal);

/// <summary>A month's adjustments, withdrawn ones included (with their reversal).</summary>
public sealed record AdjustmentList(string Month, IReadOnlyList<AdjustmentResponse> Adjustments);
