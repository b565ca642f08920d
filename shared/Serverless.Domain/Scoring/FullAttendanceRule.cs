using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>全勤: points when every scheduled day of the month was attended (signed-in ≥ share × scheduled).</summary>
public sealed record FullAttendanceRule : MonthlyRule
{
    public const string KindName = "full-attendance";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads { get; } = [Exports.ExportKind.AgentTime];

    public required double MinSignedInShare { get; init; }

    public required decimal Points { get; init; }
}
