using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>A rule scored at month close over the month's totals (月积分规则); <c>kind</c> picks the record.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(FullAttendanceRule), FullAttendanceRule.KindName)]
[JsonDerivedType(typeof(SatisfactionRule), SatisfactionRule.KindName)]
[JsonDerivedType(typeof(PushRateRule), PushRateRule.KindName)]
[JsonDerivedType(typeof(ErrorFreeRule), ErrorFreeRule.KindName)]
[JsonDerivedType(typeof(MonthlyMetricRule), MonthlyMetricRule.KindName)]
public abstract record MonthlyRule
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

    /// <summary>The exports whose month the rule reads: its monthly entry names only their imports.</summary>
    [JsonIgnore]
    public abstract IReadOnlyList<Exports.ExportKind> Reads { get; }
}
