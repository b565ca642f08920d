namespace Serverless.Domain.Metrics;

/// <summary>
/// One agent's measured work on one business day (日指标), as aggregated from the day's exports.
/// Each export kind fills its own fields; <see cref="Combine"/> adds contributions from several files.
/// </summary>
public sealed record AgentDayMetrics
{
    public required string AgentId { get; init; }
    public required DateOnly Date { get; init; }

    /// <summary>接听量: inbound calls handled.</summary>
    public int AnsweredCalls { get; init; }
    public long TalkSeconds { get; init; }
    public long HoldSeconds { get; init; }
    public long AfterCallWorkSeconds { get; init; }
    /// <summary>Answered calls shorter than the rules' <c>shortCallSeconds</c> guard.</summary>
    public int ShortCalls { get; init; }
    public int HelpRequests { get; init; }
    public int SurveysPushed { get; init; }
    public int SurveysAnswered { get; init; }
    public int SurveysSatisfied { get; init; }
    /// <summary>Answered calls whose row carried a caller number.</summary>
    public int IdentifiedCalls { get; init; }
    /// <summary>Of those, the calls whose caller called again the same day (in the same calls file): 重复来电.</summary>
    public int RepeatCalls { get; init; }

    /// <summary>True when an agent-time row exists for the day (no time record: no efficiency).</summary>
    public bool HasTimeRecord { get; init; }
    /// <summary>排班时长.</summary>
    public long ScheduledSeconds { get; init; }
    /// <summary>签入时长.</summary>
    public long SignedInSeconds { get; init; }
    /// <summary>示忙时长.</summary>
    public long NotReadySeconds { get; init; }
    /// <summary>遵时率 0..1 when the export carries it.</summary>
    public double? Adherence { get; init; }
    public int LateMinutes { get; init; }

    public int CallsInspected { get; init; }
    public int Errors { get; init; }
    /// <summary>Inspected calls that carried a 质检得分 (a quality row's score may be empty).</summary>
    public int QualityScored { get; init; }
    /// <summary>The sum of those scores, exact.</summary>
    public decimal QualityScoreSum { get; init; }

    /// <summary>行为规范: conduct events a supervisor recorded on the day.</summary>
    public int ConductEvents { get; init; }
    /// <summary>Their severities summed (minor 1, moderate 2, serious 3).</summary>
    public int ConductSeverity { get; init; }

    /// <summary>平均质检得分, or null with no scored inspection.</summary>
    public double? MeanQualityScore => QualityScored > 0 ? (double)(QualityScoreSum / QualityScored) : null;

    /// <summary>Talk + hold + after-call work.</summary>
    public long HandleSeconds => TalkSeconds + HoldSeconds + AfterCallWorkSeconds;

    /// <summary>平均处理时长, or null with no answered calls.</summary>
    public double? AverageHandleSeconds => AnsweredCalls > 0 ? (double)HandleSeconds / AnsweredCalls : null;

    /// <summary>Adds two contributions for the same agent-day (e.g. a calls file and an agent-time file).</summary>
    public static AgentDayMetrics Combine(AgentDayMetrics a, AgentDayMetrics b)
    {
        if (a.AgentId != b.AgentId || a.Date != b.Date)
        {
            throw new ArgumentException($"Cannot combine {a.AgentId}@{a.Date} with {b.AgentId}@{b.Date}.");
        }
        var scheduled = a.ScheduledSeconds + b.ScheduledSeconds;
        return new AgentDayMetrics
        {
            AgentId = a.AgentId,
            Date = a.Date,
            AnsweredCalls = a.AnsweredCalls + b.AnsweredCalls,
            TalkSeconds = a.TalkSeconds + b.TalkSeconds,
            HoldSeconds = a.HoldSeconds + b.HoldSeconds,
            AfterCallWorkSeconds = a.AfterCallWorkSeconds + b.AfterCallWorkSeconds,
            ShortCalls = a.ShortCalls + b.ShortCalls,
            HelpRequests = a.HelpRequests + b.HelpRequests,
            SurveysPushed = a.SurveysPushed + b.SurveysPushed,
            SurveysAnswered = a.SurveysAnswered + b.SurveysAnswered,
            SurveysSatisfied = a.SurveysSatisfied + b.SurveysSatisfied,
            IdentifiedCalls = a.IdentifiedCalls + b.IdentifiedCalls,
            RepeatCalls = a.RepeatCalls + b.RepeatCalls,
            HasTimeRecord = a.HasTimeRecord || b.HasTimeRecord,
            ScheduledSeconds = scheduled,
            SignedInSeconds = a.SignedInSeconds + b.SignedInSeconds,
            NotReadySeconds = a.NotReadySeconds + b.NotReadySeconds,
            Adherence = CombineAdherence(a, b, scheduled),
            LateMinutes = a.LateMinutes + b.LateMinutes,
            CallsInspected = a.CallsInspected + b.CallsInspected,
            Errors = a.Errors + b.Errors,
            QualityScored = a.QualityScored + b.QualityScored,
            QualityScoreSum = a.QualityScoreSum + b.QualityScoreSum,
            ConductEvents = a.ConductEvents + b.ConductEvents,
            ConductSeverity = a.ConductSeverity + b.ConductSeverity,
        };
    }

    // Two time records for one day (two WFM sources) weigh adherence by the schedule each covered.
    private static double? CombineAdherence(AgentDayMetrics a, AgentDayMetrics b, long scheduled)
    {
        if (a.Adherence is null) return b.Adherence;
        if (b.Adherence is null) return a.Adherence;
        if (scheduled == 0) return Math.Min(a.Adherence.Value, b.Adherence.Value);
        return (a.Adherence.Value * a.ScheduledSeconds + b.Adherence.Value * b.ScheduledSeconds) / scheduled;
    }

    public static AgentDayMetrics Empty(string agentId, DateOnly date) => new() { AgentId = agentId, Date = date };
}
