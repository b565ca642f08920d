using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>推送率: surveys pushed ÷ answered calls; the best tier reached.</summary>
public sealed record PushRateRule : MonthlyRule
{
    public const string KindName = "push-rate";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads { get; } = [Exports.ExportKind.Calls];

    /// <summary>Fewer answered calls in the month than this: no points (nothing to judge).</summary>
    public int MinCalls { get; init; } = 1;

    /// <summary>Tiers in increasing threshold and increasing points.</summary>
    public required IReadOnlyList<AtLeastTier> Tiers { get; init; }
}
