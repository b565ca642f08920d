using System.Text.Json.Serialization;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>A rule scored per agent-day (日积分规则); the file's <c>kind</c> picks the record.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(EfficiencyRule), EfficiencyRule.KindName)]
[JsonDerivedType(typeof(AttendanceRule), AttendanceRule.KindName)]
[JsonDerivedType(typeof(AdherenceRule), AdherenceRule.KindName)]
[JsonDerivedType(typeof(NotReadyRule), NotReadyRule.KindName)]
[JsonDerivedType(typeof(DailyMetricRule), DailyMetricRule.KindName)]
public abstract record DailyRule
{
    /// <summary>The name entries carry; defaults to the kind.</summary>
    public string? Name { get; init; }

    public required Dimension Dimension { get; init; }

    /// <summary>Why the rule exists; under <c>workload</c> it is the reason a deduction shows.</summary>
    public string? Description { get; init; }

    [JsonIgnore]
    public abstract string Kind { get; }

    [JsonIgnore]
    public string RuleName => Name ?? Kind;

    /// <summary>
    /// The exports whose metrics the rule reads. Until each of them is in for the day the rule is not scored (no entry:
    /// "not yet", rather than a 0 whose reason — "not a scheduled day" — would be untrue), and an entry names the
    /// imports of these exports only, so a file that a rule does not read never rewrites its entry.
    /// </summary>
    [JsonIgnore]
    public abstract IReadOnlyList<ExportKind> Reads { get; }
}
