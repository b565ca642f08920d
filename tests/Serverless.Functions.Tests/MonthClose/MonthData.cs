using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>Scored days with hand-countable points, the way scoring leaves them for month close.</summary>
internal static class MonthData
{
    public const string RulesVersion = "2026.1";

    /// <summary>
    /// A fully attended scheduled day (8 h rostered, 8 h signed in) with no calls, surveys or inspections — so of the monthly
    /// rules only full attendance (5) can score — carrying an efficiency entry of <paramref name="efficiencyPoints"/>
    /// (work quality, E = <paramref name="e"/>) and attendance 0.5 (daily behaviour).
    /// </summary>
    public static ScoredDay Day(string agentId, DateOnly date, decimal efficiencyPoints, double e = 110, string department = "客服一部", string importId = "imp-1") =>
        new(
            new AgentDayMetrics { AgentId = agentId, Date = date, HasTimeRecord = true, ScheduledSeconds = 28_800, SignedInSeconds = 28_800 },
            department,
            "电费",
            [
                Entry(agentId, date, "efficiency", Dimension.WorkQuality, efficiencyPoints, department, e),
                Entry(agentId, date, "attendance", Dimension.DailyBehaviour, 0.5m, department, null),
            ],
            [importId]);

    public static async Task PutTwoDaysAsync(IAgentMonthStore store, string agentId, YearMonth month, decimal efficiencyPoints, double e = 110)
    {
        await store.PutDayAsync(agentId, Day(agentId, month.FirstDay.AddDays(4), efficiencyPoints, e), default);
        await store.PutDayAsync(agentId, Day(agentId, month.FirstDay.AddDays(5), efficiencyPoints, e), default);
    }

    public static RosterRecord Person(string agentId, string name, string department = "客服一部", RosterStatus status = RosterStatus.Active) =>
        new(agentId, name, department, "电费", "一班", new DateOnly(2020, 3, 1), status);

    private static LedgerEntry Entry(string agentId, DateOnly date, string rule, Dimension dimension, decimal points, string department, double? measure) => new()
    {
        AgentId = agentId,
        Period = LedgerPeriod.Day(date),
        Rule = rule,
        Dimension = dimension,
        Points = points,
        Inputs = "test",
        RulesVersion = RulesVersion,
        Department = department,
        Measure = measure,
    };
}
