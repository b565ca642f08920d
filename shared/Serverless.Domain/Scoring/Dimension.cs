using System.Text.Json.Serialization;

namespace Serverless.Domain.Scoring;

/// <summary>The dimension (维度) a rule's points count toward; monthly caps apply per dimension.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Dimension>))]
public enum Dimension
{
    /// <summary>日常行为.</summary>
    [JsonStringEnumMemberName("dailyBehaviour")]
    DailyBehaviour,

    /// <summary>工作质量 (the workload scheme's Z).</summary>
    [JsonStringEnumMemberName("workQuality")]
    WorkQuality,

    /// <summary>团队建设, from awards.</summary>
    [JsonStringEnumMemberName("teamBuilding")]
    TeamBuilding,

    /// <summary>工作量: the workload scheme's w × ΣL.</summary>
    [JsonStringEnumMemberName("workload")]
    Workload,

    /// <summary>其他: the workload scheme's Q, including a leader's adjustments.</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}
