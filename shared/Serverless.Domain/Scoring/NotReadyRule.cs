using System.Text.Json.Serialization;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>示忙: points when not-ready ≤ <see cref="MaxShareOfSignedIn"/> × signed-in.</summary>
public sealed record NotReadyRule : DailyRule
{
    // A static list, not an auto-property: a record's equality compares its fields, and an array compares by reference.
    private static readonly ExportKind[] Inputs = [ExportKind.AgentTime];

    public const string KindName = "not-ready";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<ExportKind> Reads => Inputs;

    public required double MaxShareOfSignedIn { get; init; }

    public required decimal Points { get; init; }
}
