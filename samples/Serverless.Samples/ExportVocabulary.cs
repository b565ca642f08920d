using Serverless.Domain.Exports;

namespace Serverless.Samples;

/// <summary>
/// Column names and enum values in one language, as EXPORTS.md lists them. Chinese is used only
/// where EXPORTS.md names a Chinese alias; columns without one keep their English name so the reader still finds them.
/// </summary>
internal sealed record ExportVocabulary(
    string[] CallsHeader,
    string[] AgentTimeHeader,
    string[] QualityHeader,
    string[] AwardsHeader,
    string[] RosterHeader,
    string Answered,
    string Transferred,
    string Satisfied,
    string Neutral,
    string Dissatisfied,
    string Active,
    string Left,
    string[] Items,
    string[] Levels)
{
    public static ExportVocabulary English { get; } = new(
        CallsHeader:
        [
            "call_id", "agent_id", "start_time", "end_time", "talk_seconds", "hold_seconds", "acw_seconds",
            "skill", "result", "help_requested", "survey_pushed", "satisfaction", "caller",
        ],
        AgentTimeHeader: ["agent_id", "date", "scheduled_seconds", "signed_in_seconds", "not_ready_seconds", "adherence", "late_minutes"],
        QualityHeader: ["agent_id", "date", "call_id", "score", "error"],
        AwardsHeader: ["agent_id", "date", "item", "level", "note"],
        RosterHeader: ["agent_id", "name", "department", "specialty", "team", "hire_date", "status"],
        Answered: "answered",
        Transferred: "transferred",
        Satisfied: "satisfied",
        Neutral: "neutral",
        Dissatisfied: "dissatisfied",
        Active: "active",
        Left: "left",
        Items: ["activity", "honour", "good-deed", "training"],
        Levels: ["team", "department", "center", "company", "national"]);

    public static ExportVocabulary Chinese { get; } = new(
        CallsHeader:
        [
            "话务流水号", "坐席工号", "开始时间", "结束时间", "通话时长", "保持时长", "话后处理时长",
            "技能组", "处理结果", "是否求助", "是否推送满意度", "满意度评价", "主叫号码",
        ],
        AgentTimeHeader: ["坐席工号", "日期", "排班时长", "签入时长", "示忙时长", "遵时率", "迟到分钟"],
        QualityHeader: ["坐席工号", "日期", "话务流水号", "质检得分", "是否差错"],
        // EXPORTS.md gives Chinese values for item, level and status but no Chinese names for those columns (nor note).
        AwardsHeader: ["坐席工号", "日期", "item", "level", "note"],
        RosterHeader: ["坐席工号", "姓名", "部门", "专业", "班组", "入职日期", "status"],
        Answered: "已接听",
        Transferred: "转接",
        Satisfied: "满意",
        Neutral: "一般",
        Dissatisfied: "不满意",
        Active: "在岗",
        Left: "离职",
        Items: ["活动参与", "荣誉奖项", "好人好事", "培训"],
        Levels: ["班组", "部门", "中心", "公司", "国家"]);

    public static ExportVocabulary For(SampleOptions options) => options.ChineseHeaders ? Chinese : English;

    public string Item(AwardItem item) => Items[(int)item];

    public string Level(AwardLevel level) => Levels[(int)level];

    public string Status(RosterStatus status) => status == RosterStatus.Active ? Active : Left;
}
