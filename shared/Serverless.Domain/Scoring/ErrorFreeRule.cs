using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>无差错: with enough calls inspected, the best tier the error rate stays within.</summary>
public sealed record ErrorFreeRule : MonthlyRule
{
    public const string KindName = "error-free";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads { get; } = [Exports.ExportKind.Quality];

    public required int MinInspected { get; init; }

    /// <summary>Tiers in increasing error-rate ceiling and decreasing points.</summary>
    public required IReadOnlyList<AtMostTier> Tiers { get; init; }
}
