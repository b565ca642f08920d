using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>示忙: points when not-ready ≤ <see cref="MaxShareOfSignedIn"/> × signed-in.</summary>
public sealed record NotReadyRule : DailyRule
{
    public const string KindName = "not-ready";

    [JsonIgnore]
    public override string Kind => KindName;

    public required double MaxShareOfSignedIn { get; init; }

    public required decimal Points { get; init; }
}
