namespace Serverless.Domain.Exports;

/// <summary>The columns of each export kind, with the English and Chinese header names of EXPORTS.md.</summary>
public static class ExportSchema
{
    public static IReadOnlyList<ExportColumn> Columns(ExportKind kind) => kind switch
    {
        ExportKind.Calls => Calls,
        ExportKind.AgentTime => AgentTime,
        ExportKind.Quality => Quality,
        ExportKind.Awards => Awards,
        ExportKind.WorkItems => WorkItems,
        ExportKind.Roster => Roster,
        ExportKind.Conduct => Conduct,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    // Aliases are those EXPORTS.md lists; agent_id, date and call_id take theirs in every kind (one concept, one set of names).
    // The order of each list is the column index the row readers use (see their constants).
    internal static readonly ExportColumn[] Calls =
    [
        new("call_id", ["话务流水号", "呼叫ID"], Required: true),
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("start_time", ["开始时间", "进线时间"], Required: true),
        new("end_time", ["结束时间"], Required: true),
        new("talk_seconds", ["通话时长"], Required: true),
        new("hold_seconds", ["保持时长"], Required: false),
        new("acw_seconds", ["话后处理时长", "整理时长"], Required: false),
        new("skill", ["技能组", "队列"], Required: false),
        new("result", ["处理结果", "呼叫结果"], Required: false),
        new("help_requested", ["是否求助"], Required: false),
        new("survey_pushed", ["是否推送满意度", "满意度推送"], Required: false),
        new("satisfaction", ["满意度评价", "客户评价"], Required: false),
        // Never stored: the reader turns each value into a keyed hash held only while the file is read (repeat calls).
        new("caller", ["主叫号码", "客户号码"], Required: false, Personal: true),
    ];

    internal static readonly ExportColumn[] AgentTime =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("date", ["日期"], Required: true),
        new("scheduled_seconds", ["排班时长"], Required: true),
        new("signed_in_seconds", ["签入时长"], Required: true),
        new("not_ready_seconds", ["示忙时长"], Required: true),
        new("adherence", ["遵时率"], Required: false),
        new("late_minutes", ["迟到分钟"], Required: false),
    ];

    internal static readonly ExportColumn[] Quality =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("date", ["日期"], Required: true),
        new("call_id", ["话务流水号", "呼叫ID"], Required: false),
        new("score", ["质检得分"], Required: false),
        new("error", ["是否差错"], Required: true),
    ];

    internal static readonly ExportColumn[] Awards =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("date", ["日期"], Required: true),
        new("item", [], Required: true),
        new("level", [], Required: true),
        new("note", [], Required: false),
    ];

    internal static readonly ExportColumn[] WorkItems =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("date", ["日期"], Required: true),
        new("item_code", ["工作项编码"], Required: true),
        new("role", [], Required: true),
        new("quantity", [], Required: false),
    ];

    // The note is a supervisor's free text, which may name a caller or quote one: read past, never stored, masked in reports.
    internal static readonly ExportColumn[] Conduct =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("date", ["日期"], Required: true),
        new("item", ["规范项目", "项目"], Required: true),
        new("severity", ["严重程度", "程度"], Required: true),
        new("note", ["备注", "说明"], Required: false, Personal: true),
    ];

    internal static readonly ExportColumn[] Roster =
    [
        new("agent_id", ["坐席工号", "工号"], Required: true),
        new("name", ["姓名"], Required: true, Personal: true),
        new("department", ["部门"], Required: true),
        new("specialty", ["专业"], Required: true),
        new("team", ["班组"], Required: false),
        new("hire_date", ["入职日期"], Required: false),
        new("status", [], Required: false),
    ];
}
