using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>遵时率: points when the day's adherence is at least <see cref="MinAdherence"/>.</summary>
public sealed record AdherenceRule : DailyRule
{
    public const string KindName = "adherence";

    [JsonIgnore]
    public override string Kind => KindName;

    public required double MinAdherence { get; init; }

    public required decimal Points { get; init; }
}
