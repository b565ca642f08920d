using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>出勤: points on a scheduled day when signed-in ≥ <see cref="MinSignedInShare"/> × scheduled.</summary>
public sealed record AttendanceRule : DailyRule
{
    public const string KindName = "attendance";

    [JsonIgnore]
    public override string Kind => KindName;

    public required double MinSignedInShare { get; init; }

    public required decimal Points { get; init; }
}
