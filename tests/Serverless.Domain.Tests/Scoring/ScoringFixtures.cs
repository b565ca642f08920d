using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>Builders shared by the scoring tests: real rules from the presets, agent-days with readable defaults.</summary>
internal static class ScoringFixtures
{
    public static readonly DateOnly Day1 = new(2026, 10, 3);
    public static readonly YearMonth October = new(2026, 10);

    public static RulesDocument Positive { get; } = RulePresets.Load(RulePresets.PositiveIncentive);

    public static RulesDocument Workload { get; } = RulePresets.Load(RulePresets.Workload);

    /// <summary>An 8-hour scheduled day, fully signed in, with the given calls and handle seconds.</summary>
    public static AgentDayMetrics AgentDay(
        string agentId,
        int answered,
        long handleSeconds,
        long scheduled = 28_800,
        long? signedIn = null,
        long notReady = 0,
        double? adherence = 1.0,
        int shortCalls = 0,
        DateOnly? date = null,
        bool hasTimeRecord = true) => new()
    {
        AgentId = agentId,
        Date = date ?? Day1,
        AnsweredCalls = answered,
        TalkSeconds = handleSeconds,
        ShortCalls = shortCalls,
        HasTimeRecord = hasTimeRecord,
        ScheduledSeconds = scheduled,
        SignedInSeconds = signedIn ?? scheduled,
        NotReadySeconds = notReady,
        Adherence = adherence,
    };

    public static LedgerEntry Single(this IEnumerable<LedgerEntry> entries, string agentId, string rule) =>
        entries.Single(e => e.AgentId == agentId && e.Rule == rule);
}
