using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.LocalHost;
using Serverless.Storage;

using Serverless.Testing.Fakes;

namespace Serverless.Benchmarks.LocalHost;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Serverless.Benchmarks -- scoring-steps [agents]</c>: where a score
/// request's time goes. Seeds one day of synthetic metrics and roster straight into Azurite, then scores it in-process
/// in requests of <see cref="Serverless.CustomHandler.TransportLimits.MaxAgentsPerScoreRequest"/> agents (first scoring, then a re-score), with every
/// storage port wrapped in a stopwatch. No local host and no handler process: only the scorer and its storage.
/// </summary>
public static class ScoringSteps
{
    private static readonly DateOnly Day = new(2026, 10, 1);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var agents = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000;
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        await using var azurite = await AzuriteProcess.StartAsync(root);
        var storage = BenchmarkStorage.Of(azurite.ConnectionString);
        await StorageInitializer.EnsureCreatedAsync(storage, CancellationToken.None);

        var ids = Enumerable.Range(1, agents).Select(i => "A" + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        var random = new Random(7);
        var departments = Enumerable.Range(1, 11).Select(i => "D" + i.ToString("D2", CultureInfo.InvariantCulture)).ToList();
        await new RosterStore(storage).UpsertAsync([.. ids.Select(id => new RosterRecord(id, "", departments[random.Next(departments.Count)], "S" + random.Next(10), "T1", null, RosterStatus.Active))], CancellationToken.None);
        var metricsStore = new MetricsStore(storage);
        await metricsStore.ReplaceAsync(Day, ExportKind.Calls, "bench", "imp-calls", [.. ids.Select(id => new AgentDayMetrics
        {
            AgentId = id, Date = Day, AnsweredCalls = 40 + random.Next(60), TalkSeconds = 9_000 + random.Next(9_000), HoldSeconds = random.Next(900),
            AfterCallWorkSeconds = random.Next(3_000), ShortCalls = random.Next(3), SurveysPushed = 30, SurveysAnswered = 10 + random.Next(10), SurveysSatisfied = 10,
        })], CancellationToken.None);
        await metricsStore.ReplaceAsync(Day, ExportKind.AgentTime, "bench", "imp-time", [.. ids.Select(id => new AgentDayMetrics
        {
            AgentId = id, Date = Day, HasTimeRecord = true, ScheduledSeconds = 28_800, SignedInSeconds = 27_000 + random.Next(1_800), NotReadySeconds = random.Next(2_400), Adherence = 0.9,
        })], CancellationToken.None);

        var timer = new StepTimer();
        var rules = new RulesStore(storage);
        var norms = new DayNorms(metricsStore, new RosterStore(storage), rules, new PeerNormStore(storage));
        await norms.RefreshAsync(Day, CancellationToken.None);
        var scorer = new AgentDayScorer(new TimedMetrics(metricsStore, timer), new TimedRoster(new RosterStore(storage), timer), rules,
            new DayNorms(metricsStore, new RosterStore(storage), rules, new TimedNorms(new PeerNormStore(storage), timer)),
            new TimedLedger(new LedgerStore(storage), timer), new TimedMonths(new AgentMonthStore(storage), timer), new WorkItemStore(storage));
        var requests = ScoreRequest.Batches(Day, ids, "steps", null, new ScoreRequestLimits(Serverless.CustomHandler.TransportLimits.MaxAgentsPerScoreRequest, Serverless.CustomHandler.TransportLimits.MaxScoreRequestBytes)).ToList();
        foreach (var pass in new[] { "first scoring", "re-score" })
        {
            timer.Clear();
            var clock = Stopwatch.StartNew();
            foreach (var request in requests) await scorer.ScoreAsync(request, CancellationToken.None);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pass}: {agents:N0} agent-days in {requests.Count} requests, one at a time: {clock.Elapsed.TotalSeconds:0.00} s ({agents / clock.Elapsed.TotalSeconds:N0} agent-days/s)"));
            foreach (var (step, (calls, elapsed)) in timer.Steps.OrderByDescending(s => s.Value.Elapsed))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {step,-32} {calls,6} calls {elapsed.TotalSeconds,8:0.000} s"));
            }
        }
        return 0;
    }

    private sealed class StepTimer
    {
        private readonly ConcurrentDictionary<string, (int Calls, TimeSpan Elapsed)> _steps = new(StringComparer.Ordinal);

        public IReadOnlyDictionary<string, (int Calls, TimeSpan Elapsed)> Steps => _steps;

        public void Clear() => _steps.Clear();

        public async Task<T> Time<T>(string step, Func<Task<T>> run)
        {
            var clock = Stopwatch.StartNew();
            try { return await run(); }
            finally { _steps.AddOrUpdate(step, (1, clock.Elapsed), (_, s) => (s.Calls + 1, s.Elapsed + clock.Elapsed)); }
        }

        public Task Time(string step, Func<Task> run) => Time(step, async () => { await run(); return 0; });
    }

    private sealed class TimedMetrics(IMetricsStore inner, StepTimer timer) : MetricsStoreDecorator(inner)
    {
        public override Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("metrics.Get", () => Inner.GetAsync(date, agentIds, cancellationToken));
        public override Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetDay", () => Inner.GetDayAsync(date, cancellationToken));
        public override Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetNormInputs", () => Inner.GetNormInputsAsync(date, cancellationToken));
        public override Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetWithImports", () => Inner.GetWithImportsAsync(date, agentIds, cancellationToken));
        public override Task<IReadOnlySet<ExportKind>> GetKindsAsync(DateOnly date, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetKinds", () => Inner.GetKindsAsync(date, cancellationToken));
        public override Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetScoringInputs", () => Inner.GetScoringInputsAsync(date, agentIds, cancellationToken));
        public override Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken) =>
            timer.Time("metrics.GetAgentIds", () => Inner.GetAgentIdsAsync(date, cancellationToken));
    }

    private sealed class TimedRoster(IRosterStore inner, StepTimer timer) : IRosterStore
    {
        public Task UpsertAsync(IReadOnlyList<RosterRecord> records, CancellationToken cancellationToken) => inner.UpsertAsync(records, cancellationToken);
        public Task<IReadOnlyDictionary<string, RosterRecord>> GetAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("roster.Get", () => inner.GetAsync(agentIds, cancellationToken));
        public Task<IReadOnlyList<RosterRecord>> GetAllAsync(CancellationToken cancellationToken) => inner.GetAllAsync(cancellationToken);
    }

    private sealed class TimedNorms(IPeerNormStore inner, StepTimer timer) : IPeerNormStore
    {
        public Task<IReadOnlyList<PeerNorm>?> GetAsync(DateOnly date, CancellationToken cancellationToken) =>
            timer.Time("norms.Get", () => inner.GetAsync(date, cancellationToken));
        public Task<StoredPeerNorms> ReadAsync(DateOnly date, CancellationToken cancellationToken) => inner.ReadAsync(date, cancellationToken);
        public Task<bool?> ReplaceIfUnchangedAsync(DateOnly date, IReadOnlyList<PeerNorm> norms, DaySpread spread, StoredPeerNorms read, CancellationToken cancellationToken) =>
            inner.ReplaceIfUnchangedAsync(date, norms, spread, read, cancellationToken);

        public Task<DaySpread?> GetSpreadAsync(DateOnly date, CancellationToken cancellationToken) => inner.GetSpreadAsync(date, cancellationToken);
    }

    private sealed class TimedLedger(ILedger inner, StepTimer timer) : LedgerDecorator(inner)
    {
        public override Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken) =>
            timer.Time("ledger.Upsert", () => Inner.UpsertAsync(entries, importIds, cancellationToken));
        public override Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            timer.Time("ledger.Get", () => Inner.GetAsync(agentId, from, to, cancellationToken));
        public override Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken) =>
            timer.Time("ledger.ReplaceDay (summed)", () => Inner.ReplaceDayAsync(agentId, date, entries, importIds, previousRules, cancellationToken));
        public override Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken) =>
            timer.Time("ledger.ReplaceDays", () => Inner.ReplaceDaysAsync(date, days, cancellationToken));
    }

    private sealed class TimedMonths(IAgentMonthStore inner, StepTimer timer) : AgentMonthStoreDecorator(inner)
    {
        public override Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken) => timer.Time("months.PutDay", () => Inner.PutDayAsync(agentId, day, cancellationToken));
        public override Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken) => timer.Time("months.RemoveDay", () => Inner.RemoveDayAsync(agentId, date, cancellationToken));
        public override Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("months.GetDays", () => Inner.GetDaysAsync(date, agentIds, cancellationToken));
        public override Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysOnlyAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
            timer.Time("months.GetDaysOnly", () => Inner.GetDaysOnlyAsync(date, agentIds, cancellationToken));
        public override Task PutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, CancellationToken cancellationToken) =>
            timer.Time("months.PutDays", () => Inner.PutDaysAsync(date, days, cancellationToken));
        public override Task<IReadOnlyList<string>> PutDaysIfUnchangedAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay> read, CancellationToken cancellationToken) =>
            timer.Time("months.PutDays", () => Inner.PutDaysIfUnchangedAsync(date, days, read, cancellationToken));
    }
}
