using System.Text.Json.Serialization;
using Serverless.Domain.Exports;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Metrics;

/// <summary>The unit a metric is measured in (RULES.md, "Units").</summary>
public enum MetricUnit
{
    /// <summary>A whole number of things (calls, surveys, days).</summary>
    Count,
    Seconds,
    Minutes,
    /// <summary>A fraction 0..1, never a percentage.</summary>
    Share,
    /// <summary>The efficiency index E, 100 = a typical peer.</summary>
    Index,
    /// <summary>A quality inspector's score, as the quality export gives it.</summary>
    Score,
}

/// <summary>The period a rule scores a metric over: each agent-day, or the month's totals (sums first, ratios after).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricPeriod>))]
public enum MetricPeriod
{
    [JsonStringEnumMemberName("daily")]
    Daily,

    [JsonStringEnumMemberName("monthly")]
    Monthly,
}

/// <summary>
/// One named metric (指标) of the catalogue: what it is, its unit, the periods it exists for, the exports it reads and,
/// for a ratio or a mean, its basis — the count a rule's qualifying <c>minimum</c> is checked against (answered calls
/// for AHT, surveys answered for the satisfaction rate).
/// </summary>
/// <remarks>
/// A value is null when the metric does not exist for that day or month (no answered calls: no AHT); a rule then scores
/// 0 with <see cref="Missing"/> as its reason. Ratios over a month are the month's sums divided, never a mean of the
/// days' ratios. The efficiency index E is the one metric that needs the day's peer norms: the scorer computes it,
/// so it has no <see cref="Day"/> function here.
/// </remarks>
public sealed record Metric
{
    public required string Name { get; init; }

    public required MetricUnit Unit { get; init; }

    /// <summary>What the number is, as RULES.md's catalogue table states it.</summary>
    public required string Definition { get; init; }

    /// <summary>The exports whose figures the metric reads.</summary>
    public required IReadOnlyList<ExportKind> Reads { get; init; }

    /// <summary>The count metric a rule's <c>minimum</c> is checked against; null: the metric takes no minimum.</summary>
    public string? Basis { get; init; }

    /// <summary>For a ratio: the counts it divides (written beside the value in an entry's inputs).</summary>
    public (string Numerator, string Denominator)? Ratio { get; init; }

    /// <summary>The reason a rule gives when the value does not exist.</summary>
    public string Missing { get; init; } = "no value";

    /// <summary>A parameter the metric needs from the rule (only <c>attended-day-share</c>: <c>minSignedInShare</c>).</summary>
    public string? Parameter { get; init; }

    /// <summary>The value on one agent-day; null for a metric without a daily value.</summary>
    [JsonIgnore]
    public Func<AgentDayMetrics, double?>? Day { get; init; }

    /// <summary>The value over the month's figures (given the rule's parameter, if any); null for a metric without a monthly value.</summary>
    [JsonIgnore]
    public Func<MonthFigures, double, double?>? Month { get; init; }

    /// <summary>True when the metric exists per agent-day (the E index included, which the scorer computes).</summary>
    public bool IsDaily => Day is not null || Name == MetricCatalogue.EfficiencyIndex;

    public bool IsMonthly => Month is not null;

    /// <summary>The monthly value reads the call-detail sums (help, handle seconds, quality scores, repeat calls), which
    /// month figures begun before they were kept lack (<see cref="MonthFigures.HasCallDetailSums"/>).</summary>
    [JsonIgnore]
    public bool ReadsDetailSums { get; init; }

    /// <summary>Whether a rule may score the metric over <paramref name="period"/>.</summary>
    public bool Has(MetricPeriod period) => period == MetricPeriod.Daily ? IsDaily : IsMonthly;
}

/// <summary>
/// Every stored per-agent-day figure and every ratio built from them, by name (指标目录). Rules of kind <c>metric</c>
/// name one; RULES.md's catalogue table lists them with the same names, units, periods and definitions.
/// </summary>
/// <remarks>
/// Pure data and functions of <see cref="AgentDayMetrics"/> and <see cref="MonthFigures"/>. A metric is monthly only when
/// the month figures month close reads hold its sums; the others are daily only (a month close never reads the days).
/// Daily ratios are divided as doubles; monthly ratios in decimal (as the month's tiers always were), then read as a double.
/// </remarks>
public static class MetricCatalogue
{
    public const string EfficiencyIndex = "e";
    public const string AttendedDayShare = "attended-day-share";
    public const string MinSignedInShareParameter = "minSignedInShare";

    private static readonly ExportKind[] Calls = [ExportKind.Calls];
    private static readonly ExportKind[] AgentTime = [ExportKind.AgentTime];
    private static readonly ExportKind[] Quality = [ExportKind.Quality];
    private static readonly ExportKind[] ConductFile = [ExportKind.Conduct];
    private static readonly ExportKind[] CallsAndTime = [ExportKind.Calls, ExportKind.AgentTime];

    /// <summary>The catalogue in RULES.md's order.</summary>
    public static IReadOnlyList<Metric> All { get; } =
    [
        new()
        {
            Name = "answered-calls", Unit = MetricUnit.Count, Reads = Calls,
            Definition = "接听量: inbound calls answered",
            Day = d => d.AnsweredCalls, Month = (m, _) => m.AnsweredCalls,
        },
        new()
        {
            Name = "talk-seconds", Unit = MetricUnit.Seconds, Reads = Calls,
            Definition = "通话时长: talk time of the answered calls",
            Day = d => d.TalkSeconds,
        },
        new()
        {
            Name = "hold-seconds", Unit = MetricUnit.Seconds, Reads = Calls,
            Definition = "保持时长: hold time of the answered calls",
            Day = d => d.HoldSeconds,
        },
        new()
        {
            Name = "after-call-work-seconds", Unit = MetricUnit.Seconds, Reads = Calls,
            Definition = "话后处理时长: after-call work (ACW) of the answered calls",
            Day = d => d.AfterCallWorkSeconds,
        },
        new()
        {
            Name = "aht", ReadsDetailSums = true, Unit = MetricUnit.Seconds, Reads = Calls, Basis = "answered-calls", Missing = "no answered calls",
            Definition = "平均处理时长 AHT: (talk + hold + ACW) ÷ answered calls",
            Day = d => d.AverageHandleSeconds, Month = (m, _) => Detail(m, m.AnsweredCalls > 0 ? (double)((decimal)m.HandleSeconds / m.AnsweredCalls) : null),
        },
        new()
        {
            Name = "short-calls", Unit = MetricUnit.Count, Reads = Calls,
            Definition = "短通话: answered calls shorter than efficiency.shortCallSeconds",
            Day = d => d.ShortCalls,
        },
        new()
        {
            Name = "short-call-share", Unit = MetricUnit.Share, Reads = Calls, Basis = "answered-calls", Ratio = ("short-calls", "answered-calls"), Missing = "no answered calls",
            Definition = "短通话占比: short calls ÷ answered calls",
            Day = d => DayRatio(d.ShortCalls, d.AnsweredCalls),
        },
        new()
        {
            Name = "help-requests", ReadsDetailSums = true, Unit = MetricUnit.Count, Reads = Calls,
            Definition = "求助次数: answered calls on which the agent asked for help",
            Day = d => d.HelpRequests, Month = (m, _) => Detail(m, m.HelpRequests),
        },
        new()
        {
            Name = "help-share", ReadsDetailSums = true, Unit = MetricUnit.Share, Reads = Calls, Basis = "answered-calls", Ratio = ("help-requests", "answered-calls"), Missing = "no answered calls",
            Definition = "求助率: help requests ÷ answered calls",
            Day = d => DayRatio(d.HelpRequests, d.AnsweredCalls), Month = (m, _) => Detail(m, MonthRatio(m.HelpRequests, m.AnsweredCalls)),
        },
        new()
        {
            Name = "identified-calls", ReadsDetailSums = true, Unit = MetricUnit.Count, Reads = Calls,
            Definition = "answered calls whose row carried a caller number",
            Day = d => d.IdentifiedCalls, Month = (m, _) => Detail(m, m.IdentifiedCalls),
        },
        new()
        {
            Name = "repeat-calls", ReadsDetailSums = true, Unit = MetricUnit.Count, Reads = Calls,
            Definition = "重复来电: identified answered calls whose caller called again the same day (in the same calls file)",
            Day = d => d.RepeatCalls, Month = (m, _) => Detail(m, m.RepeatCalls),
        },
        new()
        {
            Name = "repeat-call-share", ReadsDetailSums = true, Unit = MetricUnit.Share, Reads = Calls, Basis = "identified-calls", Ratio = ("repeat-calls", "identified-calls"), Missing = "no answered call with a caller number",
            Definition = "重复来电率: repeat calls ÷ identified calls",
            Day = d => DayRatio(d.RepeatCalls, d.IdentifiedCalls), Month = (m, _) => Detail(m, MonthRatio(m.RepeatCalls, m.IdentifiedCalls)),
        },
        new()
        {
            Name = "first-contact-resolution", ReadsDetailSums = true, Unit = MetricUnit.Share, Reads = Calls, Basis = "identified-calls", Missing = "no answered call with a caller number",
            Definition = "一次解决率 (proxy): 1 − repeat-call-share, the identified calls whose caller did not call again that day",
            Day = d => d.IdentifiedCalls > 0 ? (double)(d.IdentifiedCalls - d.RepeatCalls) / d.IdentifiedCalls : null,
            Month = (m, _) => Detail(m, MonthRatio(m.IdentifiedCalls - m.RepeatCalls, m.IdentifiedCalls)),
        },
        new()
        {
            Name = "adherence", Unit = MetricUnit.Share, Reads = AgentTime, Missing = "no adherence recorded",
            Definition = "遵时率: schedule adherence as the agent-time export gives it (two time records weigh it by their schedules)",
            Day = d => d.Adherence,
        },
        new()
        {
            Name = "scheduled-seconds", Unit = MetricUnit.Seconds, Reads = AgentTime,
            Definition = "排班时长 Ts: scheduled time",
            Day = d => d.ScheduledSeconds,
        },
        new()
        {
            Name = "signed-in-seconds", Unit = MetricUnit.Seconds, Reads = AgentTime,
            Definition = "签入时长 Ti: signed-in time",
            Day = d => d.SignedInSeconds,
        },
        new()
        {
            Name = "signed-in-share", Unit = MetricUnit.Share, Reads = AgentTime, Ratio = ("signed-in-seconds", "scheduled-seconds"), Missing = "not a scheduled day",
            Definition = "签入率: Ti ÷ Ts on a scheduled day (a time record and Ts > 0)",
            Day = d => MonthFigures.IsScheduled(d) ? (double)d.SignedInSeconds / d.ScheduledSeconds : null,
        },
        new()
        {
            Name = "not-ready-seconds", Unit = MetricUnit.Seconds, Reads = AgentTime,
            Definition = "示忙时长 Tn: not-ready time",
            Day = d => d.NotReadySeconds,
        },
        new()
        {
            Name = "not-ready-share", Unit = MetricUnit.Share, Reads = AgentTime, Ratio = ("not-ready-seconds", "signed-in-seconds"), Missing = "not signed in",
            Definition = "示忙占比: Tn ÷ Ti on a day signed in (a time record and Ti > 0)",
            Day = d => d.HasTimeRecord && d.SignedInSeconds > 0 ? (double)d.NotReadySeconds / d.SignedInSeconds : null,
        },
        new()
        {
            Name = "late-minutes", Unit = MetricUnit.Minutes, Reads = AgentTime,
            Definition = "迟到分钟: minutes late, as the agent-time export gives them",
            Day = d => d.LateMinutes,
        },
        new()
        {
            Name = "scheduled-days", Unit = MetricUnit.Count, Reads = AgentTime,
            Definition = "排班天数: days of the month with a time record and Ts > 0",
            Month = (m, _) => m.ScheduledDays.Count,
        },
        new()
        {
            Name = AttendedDayShare, Unit = MetricUnit.Share, Reads = AgentTime, Basis = "scheduled-days", Parameter = MinSignedInShareParameter, Missing = "no scheduled day this month",
            Definition = "出勤天数占比: scheduled days with Ti ≥ minSignedInShare × Ts ÷ scheduled days (1 = full attendance, 全勤)",
            Month = AttendedShare,
        },
        new()
        {
            Name = "surveys-pushed", Unit = MetricUnit.Count, Reads = Calls,
            Definition = "满意度推送量: answered calls offered the satisfaction survey",
            Day = d => d.SurveysPushed, Month = (m, _) => m.SurveysPushed,
        },
        new()
        {
            Name = "push-rate", Unit = MetricUnit.Share, Reads = Calls, Basis = "answered-calls", Ratio = ("surveys-pushed", "answered-calls"), Missing = "no answered calls",
            Definition = "推送率: surveys pushed ÷ answered calls",
            Day = d => DayRatio(d.SurveysPushed, d.AnsweredCalls), Month = (m, _) => MonthRatio(m.SurveysPushed, m.AnsweredCalls),
        },
        new()
        {
            Name = "surveys-answered", Unit = MetricUnit.Count, Reads = Calls,
            Definition = "参评量: surveys the caller answered",
            Day = d => d.SurveysAnswered, Month = (m, _) => m.SurveysAnswered,
        },
        new()
        {
            Name = "surveys-satisfied", Unit = MetricUnit.Count, Reads = Calls,
            Definition = "满意量: surveys answered satisfied",
            Day = d => d.SurveysSatisfied, Month = (m, _) => m.SurveysSatisfied,
        },
        new()
        {
            Name = "satisfaction-rate", Unit = MetricUnit.Share, Reads = Calls, Basis = "surveys-answered", Ratio = ("surveys-satisfied", "surveys-answered"), Missing = "no surveys answered",
            Definition = "满意率: satisfied ÷ surveys answered",
            Day = d => DayRatio(d.SurveysSatisfied, d.SurveysAnswered), Month = (m, _) => MonthRatio(m.SurveysSatisfied, m.SurveysAnswered),
        },
        new()
        {
            Name = "inspected-calls", Unit = MetricUnit.Count, Reads = Quality,
            Definition = "质检量: calls the quality team inspected",
            Day = d => d.CallsInspected, Month = (m, _) => m.CallsInspected,
        },
        new()
        {
            Name = "errors", Unit = MetricUnit.Count, Reads = Quality,
            Definition = "差错量: inspected calls marked an error",
            Day = d => d.Errors, Month = (m, _) => m.Errors,
        },
        new()
        {
            Name = "error-rate", Unit = MetricUnit.Share, Reads = Quality, Basis = "inspected-calls", Ratio = ("errors", "inspected-calls"), Missing = "no calls inspected",
            Definition = "差错率: errors ÷ calls inspected",
            Day = d => DayRatio(d.Errors, d.CallsInspected), Month = (m, _) => MonthRatio(m.Errors, m.CallsInspected),
        },
        new()
        {
            Name = "quality-scored", ReadsDetailSums = true, Unit = MetricUnit.Count, Reads = Quality,
            Definition = "inspected calls that carried a 质检得分 (a quality row's score may be empty)",
            Day = d => d.QualityScored, Month = (m, _) => Detail(m, m.QualityScored),
        },
        new()
        {
            Name = "mean-quality-score", ReadsDetailSums = true, Unit = MetricUnit.Score, Reads = Quality, Basis = "quality-scored", Missing = "no scored inspection",
            Definition = "平均质检得分: the scores of the inspected calls ÷ the calls scored, on the quality export's own scale",
            Day = d => d.MeanQualityScore, Month = (m, _) => Detail(m, m.QualityScored > 0 ? (double)(m.QualityScoreSum / m.QualityScored) : null),
        },
        new()
        {
            Name = "conduct-events", Unit = MetricUnit.Count, Reads = ConductFile,
            Definition = "行为规范: conduct events a supervisor recorded (the conduct export)",
            Day = d => d.ConductEvents, Month = (m, _) => m.ConductEvents,
        },
        new()
        {
            Name = "conduct-severity", Unit = MetricUnit.Count, Reads = ConductFile,
            Definition = "the conduct events' severities summed: minor 1, moderate 2, serious 3",
            Day = d => d.ConductSeverity, Month = (m, _) => m.ConductSeverity,
        },
        new()
        {
            Name = EfficiencyIndex, Unit = MetricUnit.Index, Reads = CallsAndTime, Basis = "answered-calls", Missing = "no efficiency index",
            Definition = "人工效能 E against the day's peer norm (the efficiency section); needs answered calls, a time record and Ts > 0",
        },
    ];

    private static readonly Dictionary<string, Metric> ByName = All.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The metric named <paramref name="name"/>, or false.</summary>
    public static bool TryGet(string? name, out Metric metric)
    {
        metric = null!;
        return name is not null && ByName.TryGetValue(name, out metric!);
    }

    /// <summary>The metric named <paramref name="name"/>; throws for a name not in the catalogue.</summary>
    public static Metric Get(string name) =>
        TryGet(name, out var metric) ? metric : throw new ArgumentException($"'{name}' is not in the metric catalogue.", nameof(name));

    /// <summary>The catalogue's names, in its order (for error messages).</summary>
    public static string Names => string.Join(", ", All.Select(m => m.Name));

    private static double? DayRatio(long numerator, long denominator) => denominator > 0 ? (double)numerator / denominator : null;

    // In decimal, as the month's tiers always compared: the same double whatever the order the days were summed in.
    private static double? MonthRatio(int numerator, int denominator) => denominator > 0 ? (double)((decimal)numerator / denominator) : null;

    /// <summary>The reason a monthly rule gives when the month's figures began before their call-detail sums were kept.</summary>
    public const string NoDetailSums = "the month's figures lack this metric's sums (begun before they were kept)";

    // A metric over the help, handle, quality-score or repeat-call sums has no monthly value while the figures lack them.
    private static double? Detail(MonthFigures m, double? value) => m.HasCallDetailSums ? value : null;

    private static double? AttendedShare(MonthFigures figures, double minSignedInShare)
    {
        var (attended, scheduled) = Attendance(figures, minSignedInShare);
        return scheduled == 0 ? null : (double)attended / scheduled;
    }

    /// <summary>The number of days attended and scheduled behind <see cref="AttendedDayShare"/> (for an entry's inputs).</summary>
    internal static (int Attended, int Scheduled) Attendance(MonthFigures figures, double minSignedInShare)
    {
        var scheduled = 0;
        var attended = 0;
        foreach (var day in figures.ScheduledDays)
        {
            scheduled++;
            // A day on the threshold attends: minSignedInShare × Ts is not exact in binary.
            if (day.SignedInSeconds >= minSignedInShare * day.ScheduledSeconds - 1e-9 * day.ScheduledSeconds) attended++;
        }
        return (attended, scheduled);
    }
}
