using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>满意率: with enough surveys answered, the best tier the satisfied share reaches.</summary>
public sealed record SatisfactionRule : MonthlyRule
{
    public const string KindName = "satisfaction";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads { get; } = [Exports.ExportKind.Calls];

    public required int MinSurveys { get; init; }

    /// <summary>Tiers in increasing threshold and increasing points.</summary>
    public required IReadOnlyList<AtLeastTier> Tiers { get; init; }
}
