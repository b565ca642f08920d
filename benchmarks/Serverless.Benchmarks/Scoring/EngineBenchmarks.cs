using BenchmarkDotNet.Attributes;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Benchmarks.Scoring;

/// <summary>
/// One national day through the pure rules engine: peer norms over 20 000 agent-days, then the four daily rules of
/// positive-incentive for each. Per-operation figures are per agent-day (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const int AgentDays = 20_000;
    private (AgentDayMetrics Metrics, string Department, string Specialty)[] day = [];
    private DailyScorer scorer = null!;
    private EfficiencyRules efficiency = null!;
    private readonly List<LedgerEntry> entries = new(AgentDays * 4);

    [GlobalSetup]
    public void Setup()
    {
        var rules = RulePresets.Load(RulePresets.PositiveIncentive);
        scorer = new DailyScorer(rules);
        efficiency = rules.Efficiency!;
        var departments = Enumerable.Range(1, 11).Select(i => $"dept-{i:D2}").ToArray();
        var specialties = Enumerable.Range(1, 10).Select(i => $"spec-{i:D2}").ToArray();
        var random = new Random(95598);
        var date = new DateOnly(2026, 10, 3);
        day = new (AgentDayMetrics, string, string)[AgentDays];
        for (var i = 0; i < AgentDays; i++)
        {
            var answered = random.Next(0, 80);
            var scheduled = random.Next(10) == 0 ? 0 : 28_800;
            var signedIn = (long)(scheduled * (0.8 + random.NextDouble() * 0.25));
            day[i] = (new AgentDayMetrics
            {
                AgentId = $"A{i:D6}",
                Date = date,
                AnsweredCalls = answered,
                TalkSeconds = answered * random.Next(120, 400),
                HoldSeconds = answered * random.Next(0, 40),
                AfterCallWorkSeconds = answered * random.Next(10, 60),
                ShortCalls = random.Next(0, Math.Max(1, answered / 8)),
                HasTimeRecord = true,
                ScheduledSeconds = scheduled,
                SignedInSeconds = signedIn,
                NotReadySeconds = (long)(signedIn * random.NextDouble() * 0.15),
                Adherence = 0.85 + random.NextDouble() * 0.15,
            }, departments[random.Next(departments.Length)], specialties[random.Next(specialties.Length)]);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = AgentDays)]
    public long SumAnsweredCalls()
    {
        long sum = 0;
        foreach (var (metrics, _, _) in day) sum += metrics.AnsweredCalls;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = AgentDays)]
    public PeerNorms ComputePeerNorms() => PeerNorms.Compute(day, efficiency);

    [Benchmark(OperationsPerInvoke = AgentDays)]
    public int ScoreNationalDay()
    {
        var norms = PeerNorms.Compute(day, efficiency);
        entries.Clear();
        foreach (var (metrics, department, specialty) in day) scorer.Score(metrics, department, specialty, norms, entries);
        return entries.Count;
    }
}
