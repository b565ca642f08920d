using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>人工效能: points piecewise-linear in E between the knots, flat outside them.</summary>
public sealed record EfficiencyRule : DailyRule
{
    public const string KindName = "efficiency";

    [JsonIgnore]
    public override string Kind => KindName;

    /// <summary>Knots in increasing E.</summary>
    public required IReadOnlyList<EfficiencyPoint> Points { get; init; }
}
