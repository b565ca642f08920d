using Serverless.Domain.Scoring;

namespace Serverless.Domain.Exports;

/// <summary>One team-building award (团队建设) from an <c>awards</c> export or the HR API.</summary>
public sealed record AwardRecord(string AgentId, DateOnly Date, AwardItem Item, AwardLevel Level, string Note) : IAgentEntry;

/// <summary>活动参与 / 荣誉奖项 / 好人好事 / 培训.</summary>
public enum AwardItem
{
    Activity,
    Honour,
    GoodDeed,
    Training,
}

/// <summary>班组 / 部门 / 中心 / 公司 / 国家, lowest first.</summary>
public enum AwardLevel
{
    Team,
    Department,
    Center,
    Company,
    National,
}
