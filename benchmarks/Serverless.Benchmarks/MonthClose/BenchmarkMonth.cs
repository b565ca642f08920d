using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Pipeline = Serverless.Application.UseCases;

namespace Serverless.Benchmarks.MonthClose;

/// <summary>
/// A month as scoring leaves it, generated: every weekday scheduled (~22 days), realistic metrics, and per agent-day the
/// four daily ledger entries the preset's daily rules give (efficiency, attendance, adherence, not-ready). The benchmark
/// writes it through the real adapters (<c>RosterStore</c>, <c>AgentMonthStore.PutDaysAsync</c>, <c>LedgerStore.ReplaceDaysAsync</c>).
/// </summary>
internal sealed class BenchmarkMonth
{
    private BenchmarkMonth(YearMonth month, IReadOnlyList<RosterRecord> roster, IReadOnlyList<AgentMonthRecord> records)
    {
        Month = month;
        Roster = roster;
        Records = records;
    }

    public YearMonth Month { get; }

    public IReadOnlyList<RosterRecord> Roster { get; }

    public IReadOnlyList<AgentMonthRecord> Records { get; }

    public IEnumerable<DateOnly> Days => Records.SelectMany(r => r.Days).Select(d => d.Metrics.Date).Distinct().Order();

    public int AgentDays => Records.Sum(r => r.Days.Count);

    /// <summary>One day of every agent scheduled on it, as scoring hands it to the agent-month store.</summary>
    public IReadOnlyList<KeyValuePair<string, ScoredDay?>> DayOfAll(DateOnly date) =>
        [.. Records.SelectMany(r => r.Days.Where(d => d.Metrics.Date == date).Select(d => new KeyValuePair<string, ScoredDay?>(r.AgentId, d)))];

    /// <summary>The same day as scoring hands it to the ledger (first scoring: no previous rules to delete).</summary>
    public IReadOnlyList<LedgerDay> LedgerDayOfAll(DateOnly date) =>
        [.. DayOfAll(date).Select(d => new LedgerDay(d.Key, d.Value!.Entries, d.Value.ImportIds, []))];

    public static BenchmarkMonth Generate(YearMonth month, int agents, int seed)
    {
        var random = new Random(seed);
        var roster = new List<RosterRecord>(agents);
        var list = new List<AgentMonthRecord>(agents);
        for (var a = 0; a < agents; a++)
        {
            var id = $"B{a:D6}";
            var department = $"客服{a % 11 + 1}部";
            roster.Add(new RosterRecord(id, $"坐席{a}", department, "电费", $"{a % 40}班", new DateOnly(2020, 1, 1), RosterStatus.Active));
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
                ], [ImportId("calls", date), ImportId("agent-time", date)])
                {
                    // As scoring stores a day: its imports by kind (month close names on each monthly entry only those its rule reads).
                    ImportIdsByKind = new Dictionary<ExportKind, IReadOnlyList<string>>
                    {
                        [ExportKind.Calls] = [ImportId("calls", date)],
                        [ExportKind.AgentTime] = [ImportId("agent-time", date)],
                    },
                });
            }
            list.Add(new AgentMonthRecord(id, month, days));
        }
        return new BenchmarkMonth(month, roster, list);
    }

    // Import ids as the importer makes them (24 hex digits of the file's SHA-256), so the rows carry real-sized ids.
    private static string ImportId(string kind, DateOnly date) => Serverless.Domain.Exports.ImportIds.Of($"{kind}/{date:yyyy-MM-dd}/vendor.csv");

    private static LedgerEntry Entry(string agentId, DateOnly date, string rule, Dimension dimension, decimal points, string department, double? measure) => new()
    {
        AgentId = agentId, Period = LedgerPeriod.Day(date), Rule = rule, Dimension = dimension, Points = points,
        Inputs = $"E={measure:0.0}", RulesVersion = "2026.1", Department = department, Measure = measure,
    };
}
