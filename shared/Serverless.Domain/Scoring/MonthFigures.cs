using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// What month close reads of an agent's scored days (月度汇总): the monthly rules' inputs summed over the month, the
/// schedule of each scheduled day, the daily points per dimension and the sums of the daily entries' measures. A store
/// keeps it beside the days, adjusted by each day's difference, so a close never reads the days themselves.
/// </summary>
/// <remarks>
/// Measures are summed in millionths (<see cref="MeasureSum"/>), not as doubles: integers add and subtract exactly, so
/// the sum is the same whatever order the days were scored, replaced or removed in.
/// </remarks>
public sealed record MonthFigures
{
    public static readonly MonthFigures Empty = new();

    public int AnsweredCalls { get; init; }

    public int SurveysPushed { get; init; }

    public int SurveysAnswered { get; init; }

    public int SurveysSatisfied { get; init; }

    public int CallsInspected { get; init; }

    public int Errors { get; init; }

    /// <summary>行为规范: the month's conduct events (months stored before the conduct kind existed had none).</summary>
    public int ConductEvents { get; init; }

    public int ConductSeverity { get; init; }

    /// <summary>求助次数 over the month (answered calls on which the agent asked for help).</summary>
    public int HelpRequests { get; init; }

    /// <summary>Talk + hold + after-call work of the month's answered calls (monthly AHT = this ÷ answered).</summary>
    public long HandleSeconds { get; init; }

    /// <summary>Inspected calls that carried a 质检得分, and those scores summed (exactly).</summary>
    public int QualityScored { get; init; }

    public decimal QualityScoreSum { get; init; }

    /// <summary>Answered calls with a caller number, and of those the repeat calls (重复来电).</summary>
    public int IdentifiedCalls { get; init; }

    public int RepeatCalls { get; init; }

    /// <summary>
    /// False when a store's running figures began before the sums above were kept (some day of the month was added
    /// without them): the metrics that read them then have no monthly value, rather than a month of partial sums. A
    /// re-score of the month adds every day again and makes them whole.
    /// </summary>
    public bool HasCallDetailSums { get; init; } = true;

    /// <summary>Signed-in and scheduled seconds of each scheduled day (time record, schedule above 0), in no order.</summary>
    public IReadOnlyList<ScheduledDay> ScheduledDays { get; init; } = [];

    /// <summary>Days with at least one scored work item (工作量, a <see cref="Dimension.Workload"/> entry).</summary>
    public int WorkItemDays { get; init; }

    /// <summary>The daily entries' points per dimension; a dimension without entries is absent.</summary>
    public IReadOnlyDictionary<Dimension, decimal> DailyPoints { get; init; } = new Dictionary<Dimension, decimal>();

    /// <summary>Per daily rule, the sum and count of its entries that carry a measure (E for the efficiency rule).</summary>
    public IReadOnlyDictionary<string, MeasureSum> Measures { get; init; } = new Dictionary<string, MeasureSum>(StringComparer.Ordinal);

    /// <summary>A day's schedule counts when it has a time record and a schedule above 0.</summary>
    public static bool IsScheduled(AgentDayMetrics day)
    {
        ArgumentNullException.ThrowIfNull(day);
        return day.HasTimeRecord && day.ScheduledSeconds > 0;
    }

    /// <summary>The figures of the given days and their daily entries (what a store's running figures must equal).</summary>
    public static MonthFigures Of(IEnumerable<AgentDayMetrics> days, IEnumerable<LedgerEntry> dailyEntries)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(dailyEntries);
        int calls = 0, pushed = 0, answered = 0, satisfied = 0, inspected = 0, errors = 0, conduct = 0, severity = 0;
        int help = 0, scored = 0, identified = 0, repeats = 0;
        long handle = 0;
        var scoreSum = 0m;
        var scheduled = new List<ScheduledDay>();
        foreach (var day in days)
        {
            calls += day.AnsweredCalls;
            pushed += day.SurveysPushed;
            answered += day.SurveysAnswered;
            satisfied += day.SurveysSatisfied;
            inspected += day.CallsInspected;
            errors += day.Errors;
            conduct += day.ConductEvents;
            severity += day.ConductSeverity;
            help += day.HelpRequests;
            handle += day.HandleSeconds;
            scored += day.QualityScored;
            scoreSum += day.QualityScoreSum;
            identified += day.IdentifiedCalls;
            repeats += day.RepeatCalls;
            if (IsScheduled(day)) scheduled.Add(new ScheduledDay(day.SignedInSeconds, day.ScheduledSeconds));
        }
        var points = new Dictionary<Dimension, decimal>();
        var measures = new Dictionary<string, MeasureSum>(StringComparer.Ordinal);
        var workItemDays = new HashSet<DateOnly>();
        foreach (var entry in dailyEntries)
        {
            if (entry.Dimension == Dimension.Workload) workItemDays.Add(entry.Period.Start);
            points[entry.Dimension] = points.GetValueOrDefault(entry.Dimension) + entry.Points;
            if (entry.Measure is { } m) measures[entry.Rule] = measures.GetValueOrDefault(entry.Rule) + MeasureSum.Of(m);
        }
        return new MonthFigures
        {
            AnsweredCalls = calls,
            SurveysPushed = pushed,
            SurveysAnswered = answered,
            SurveysSatisfied = satisfied,
            CallsInspected = inspected,
            Errors = errors,
            ConductEvents = conduct,
            ConductSeverity = severity,
            HelpRequests = help,
            HandleSeconds = handle,
            QualityScored = scored,
            QualityScoreSum = scoreSum,
            IdentifiedCalls = identified,
            RepeatCalls = repeats,
            ScheduledDays = scheduled,
            WorkItemDays = workItemDays.Count,
            DailyPoints = points,
            Measures = measures,
        };
    }

    /// <summary>
    /// The figures of several disjoint sets of days added up (each day's figures of a month, say): the same as
    /// <see cref="Of"/> over all their days at once.
    /// </summary>
    public static MonthFigures Sum(IEnumerable<MonthFigures> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int calls = 0, pushed = 0, answered = 0, satisfied = 0, inspected = 0, errors = 0, conduct = 0, severity = 0, workItemDays = 0;
        int help = 0, scored = 0, identified = 0, repeats = 0;
        long handle = 0;
        var scoreSum = 0m;
        var sumsKept = true;
        var scheduled = new List<ScheduledDay>();
        var points = new Dictionary<Dimension, decimal>();
        var measures = new Dictionary<string, MeasureSum>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            calls += part.AnsweredCalls;
            pushed += part.SurveysPushed;
            answered += part.SurveysAnswered;
            satisfied += part.SurveysSatisfied;
            inspected += part.CallsInspected;
            errors += part.Errors;
            conduct += part.ConductEvents;
            severity += part.ConductSeverity;
            workItemDays += part.WorkItemDays;
            help += part.HelpRequests;
            handle += part.HandleSeconds;
            scored += part.QualityScored;
            scoreSum += part.QualityScoreSum;
            identified += part.IdentifiedCalls;
            repeats += part.RepeatCalls;
            sumsKept &= part.HasCallDetailSums;
            scheduled.AddRange(part.ScheduledDays);
            foreach (var (dimension, p) in part.DailyPoints) points[dimension] = points.GetValueOrDefault(dimension) + p;
            foreach (var (rule, m) in part.Measures) measures[rule] = measures.GetValueOrDefault(rule) + m;
        }
        return new MonthFigures
        {
            AnsweredCalls = calls,
            SurveysPushed = pushed,
            SurveysAnswered = answered,
            SurveysSatisfied = satisfied,
            CallsInspected = inspected,
            Errors = errors,
            ConductEvents = conduct,
            ConductSeverity = severity,
            HelpRequests = help,
            HandleSeconds = handle,
            QualityScored = scored,
            QualityScoreSum = scoreSum,
            IdentifiedCalls = identified,
            RepeatCalls = repeats,
            HasCallDetailSums = sumsKept,
            ScheduledDays = scheduled,
            WorkItemDays = workItemDays,
            DailyPoints = points,
            Measures = measures,
        };
    }
}

/// <summary>One scheduled day's signed-in and scheduled seconds (签入时长, 排班时长).</summary>
public readonly record struct ScheduledDay(long SignedInSeconds, long ScheduledSeconds);

/// <summary>A sum of measures in millionths, and how many were summed; adds and subtracts exactly.</summary>
public readonly record struct MeasureSum(long Millionths, int Count)
{
    private const double Scale = 1_000_000d;

    public static MeasureSum Of(double measure) => new((long)Math.Round(measure * Scale, MidpointRounding.AwayFromZero), 1);

    /// <summary>The mean of the summed measures; null when none was summed.</summary>
    public double? Mean => Count == 0 ? null : Millionths / (Count * Scale);

    public static MeasureSum operator +(MeasureSum a, MeasureSum b) => new(a.Millionths + b.Millionths, a.Count + b.Count);

    public static MeasureSum operator -(MeasureSum a, MeasureSum b) => new(a.Millionths - b.Millionths, a.Count - b.Count);

    public static MeasureSum Add(MeasureSum a, MeasureSum b) => a + b;

    public static MeasureSum Subtract(MeasureSum a, MeasureSum b) => a - b;
}
