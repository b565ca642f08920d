using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Benchmarks.MonthClose;

/// <summary>
/// The month as scoring leaves it, held in memory: the table adapter of <see cref="IAgentMonthStore"/> belongs to scoring, so
/// this benchmark times month close with everything else (roster, awards, rules, standings, publications) on Azurite.
/// </summary>
internal sealed class BenchmarkAgentMonths(IReadOnlyList<AgentMonthRecord> records) : IAgentMonthStore, ILedger
{
    public int LedgerEntries { get; private set; }

    public Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken) => throw new NotSupportedException("The benchmark month is read-only.");

    public Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken) => throw new NotSupportedException("The benchmark month is read-only.");

    public Task<AgentMonthRecord?> GetAsync(string agentId, YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult(records.FirstOrDefault(r => r.AgentId == agentId && r.Month == month));

    public Task<IReadOnlyList<AgentMonthRecord>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AgentMonthRecord>>([.. records.Where(r => r.Month == month)]);

    public Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken)
    {
        lock (records) LedgerEntries += entries.Count;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredLedgerEntry>>([]);

    /// <summary>A month of <paramref name="agents"/> agents: every weekday scheduled, daily entries as the preset's daily rules give them.</summary>
    public static BenchmarkAgentMonths Generate(YearMonth month, int agents, int seed)
    {
        var random = new Random(seed);
        var list = new List<AgentMonthRecord>(agents);
        for (var a = 0; a < agents; a++)
        {
            var id = $"B{a:D6}";
            var department = $"客服{a % 11 + 1}部";
            var days = new List<ScoredDay>();
            foreach (var date in month.Days().Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday))
            {
                var calls = random.Next(40, 100);
                var e = 70 + random.NextDouble() * 60;
                var metrics = new AgentDayMetrics
                {
                    AgentId = id, Date = date, AnsweredCalls = calls, TalkSeconds = calls * 240L, SurveysPushed = calls, SurveysAnswered = calls / 3,
                    SurveysSatisfied = calls / 3 - (random.Next(10) == 0 ? 1 : 0), HasTimeRecord = true, ScheduledSeconds = 28_800,
                    SignedInSeconds = 28_800 - random.Next(0, 3_600), NotReadySeconds = random.Next(0, 3_600), Adherence = 0.9 + random.NextDouble() * 0.1,
                    CallsInspected = random.Next(0, 2), Errors = 0,
                };
                days.Add(new ScoredDay(metrics, department, "电费",
                [
                    Entry(id, date, "efficiency", Dimension.WorkQuality, Math.Round((decimal)Math.Clamp((e - 80) / 40 * 3, 0, 3), 2), department, e),
                    Entry(id, date, "attendance", Dimension.DailyBehaviour, 0.5m, department, null),
                    Entry(id, date, "adherence", Dimension.DailyBehaviour, random.Next(2) * 0.5m, department, null),
                    Entry(id, date, "not-ready", Dimension.DailyBehaviour, random.Next(2) * 0.3m, department, null),
                ], [$"calls-{date:yyyyMMdd}", $"time-{date:yyyyMMdd}"]));
            }
            list.Add(new AgentMonthRecord(id, month, days));
        }
        return new BenchmarkAgentMonths(list);
    }

    private static LedgerEntry Entry(string agentId, DateOnly date, string rule, Dimension dimension, decimal points, string department, double? measure) => new()
    {
        AgentId = agentId, Period = LedgerPeriod.Day(date), Rule = rule, Dimension = dimension, Points = points,
        Inputs = "benchmark", RulesVersion = "2026.1", Department = department, Measure = measure,
    };
}
