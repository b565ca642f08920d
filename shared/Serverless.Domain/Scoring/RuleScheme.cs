using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>The practice a rules file encodes (积分方案): no-deduction incentive, or workload scoring.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleScheme>))]
public enum RuleScheme
{
    /// <summary>正向激励: no deductions anywhere, points never reset, capped dimensions.</summary>
    [JsonStringEnumMemberName("positive-incentive")]
    PositiveIncentive,

    /// <summary>积分制考核: Y = w × ΣL + ΣZ + ΣQ; deductions allowed with a reason.</summary>
    [JsonStringEnumMemberName("workload")]
    Workload,
}
