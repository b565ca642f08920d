using System.Text.Json.Serialization;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>出勤: points on a scheduled day when signed-in ≥ <see cref="MinSignedInShare"/> × scheduled.</summary>
public sealed record AttendanceRule : DailyRule
{
    // A static list, not an auto-property: a record's equality compares its fields, and an array compares by reference.
    private static readonly ExportKind[] Inputs = [ExportKind.AgentTime];

    public const string KindName = "attendance";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<ExportKind> Reads => Inputs;

    public required double MinSignedInShare { get; init; }

    public required decimal Points { get; init; }
}
