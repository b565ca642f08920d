using System.Text.Json.Serialization;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>遵时率: points when the day's adherence is at least <see cref="MinAdherence"/>.</summary>
public sealed record AdherenceRule : DailyRule
{
    // A static list, not an auto-property: a record's equality compares its fields, and an array compares by reference.
    private static readonly ExportKind[] Inputs = [ExportKind.AgentTime];

    public const string KindName = "adherence";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<ExportKind> Reads => Inputs;

    public required double MinAdherence { get; init; }

    public required decimal Points { get; init; }
}
