using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Storage;

/// <summary>Maps <see cref="AgentDayMetrics"/> to and from a table row, property by property (no reflection).</summary>
internal static class MetricsEntity
{
    /// <summary>What one kind and source contribute to a day: the row-key prefix of their rows.</summary>
    public static string Contribution(ExportKind kind, string source) => $"{kind.ToPathName()}|{source}";

    public static string RowKey(string agentId, ExportKind kind, string source) => $"{Contribution(kind, source)}|{agentId}";

    public static TableEntity From(AgentDayMetrics m, string day, ExportKind kind, string source, string importId) => new(day, RowKey(m.AgentId, kind, source))
    {
        ["AgentId"] = m.AgentId,
        ["Kind"] = kind.ToPathName(),
        ["Source"] = source,
        ["ImportId"] = importId,
        ["AnsweredCalls"] = m.AnsweredCalls,
        ["TalkSeconds"] = m.TalkSeconds,
        ["HoldSeconds"] = m.HoldSeconds,
        ["AfterCallWorkSeconds"] = m.AfterCallWorkSeconds,
        ["ShortCalls"] = m.ShortCalls,
        ["HelpRequests"] = m.HelpRequests,
        ["SurveysPushed"] = m.SurveysPushed,
        ["SurveysAnswered"] = m.SurveysAnswered,
        ["SurveysSatisfied"] = m.SurveysSatisfied,
        ["HasTimeRecord"] = m.HasTimeRecord,
        ["ScheduledSeconds"] = m.ScheduledSeconds,
        ["SignedInSeconds"] = m.SignedInSeconds,
        ["NotReadySeconds"] = m.NotReadySeconds,
        ["Adherence"] = m.Adherence,
        ["LateMinutes"] = m.LateMinutes,
        ["CallsInspected"] = m.CallsInspected,
        ["Errors"] = m.Errors,
    };

    public static AgentDayMetrics ToMetrics(TableEntity e, DateOnly date) => new()
    {
        AgentId = e.GetString("AgentId"),
        Date = date,
        AnsweredCalls = e.GetInt32("AnsweredCalls") ?? 0,
        TalkSeconds = e.GetInt64("TalkSeconds") ?? 0,
        HoldSeconds = e.GetInt64("HoldSeconds") ?? 0,
        AfterCallWorkSeconds = e.GetInt64("AfterCallWorkSeconds") ?? 0,
        ShortCalls = e.GetInt32("ShortCalls") ?? 0,
        HelpRequests = e.GetInt32("HelpRequests") ?? 0,
        SurveysPushed = e.GetInt32("SurveysPushed") ?? 0,
        SurveysAnswered = e.GetInt32("SurveysAnswered") ?? 0,
        SurveysSatisfied = e.GetInt32("SurveysSatisfied") ?? 0,
        HasTimeRecord = e.GetBoolean("HasTimeRecord") ?? false,
        ScheduledSeconds = e.GetInt64("ScheduledSeconds") ?? 0,
        SignedInSeconds = e.GetInt64("SignedInSeconds") ?? 0,
        NotReadySeconds = e.GetInt64("NotReadySeconds") ?? 0,
        Adherence = e.GetDouble("Adherence"),
        LateMinutes = e.GetInt32("LateMinutes") ?? 0,
        CallsInspected = e.GetInt32("CallsInspected") ?? 0,
        Errors = e.GetInt32("Errors") ?? 0,
    };
}
