using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

public sealed class PeerNormsTests
{
    // Department D1, specialty S1, 8-hour schedules (Ts = 28 800 s):
    //   A: N=20, H=6000 → AHT=300, v=20/8=2.5 per hour, Ti=Ts
    //   B: N=24, H=6000 → AHT=250, v=3.0,               Ti=Ts
    //   C: N=16, H=6400 → AHT=400, v=2.0,               Ti=0.9·Ts=25 920
    // AHT_g = median(250, 300, 400) = 300; v_g = median(2.0, 2.5, 3.0) = 2.5; a = 0.5.
    //   E_A = 100·(0.5·300/300 + 0.5·2.5/2.5)·1   = 100   → points (100−80)/(120−80)·3 = 1.5
    //   E_B = 100·(0.5·300/250 + 0.5·3.0/2.5)·1   = 120   → 3
    //   E_C = 100·(0.5·300/400 + 0.5·2.0/2.5)·0.9 = 100·(0.375+0.4)·0.9 = 69.75 → 0
    private static readonly (AgentDayMetrics, string, string)[] SmallDepartment =
    [
        (AgentDay("A", 20, 6000), "D1", "S1"),
        (AgentDay("B", 24, 6000), "D1", "S1"),
        (AgentDay("C", 16, 6400, signedIn: 25_920), "D1", "S1"),
    ];

    [Fact]
    public void A_small_department_is_scored_against_its_medians()
    {
        var entries = new DailyScorer(Positive).ScoreDay(SmallDepartment);

        var a = entries.Single("A", "efficiency");
        Assert.Equal(1.5m, a.Points);
        Assert.Equal("N=20 E=100.0 AHT=300 AHT_g=300 v=2.50 v_g=2.50 Ti/Ts=1.00 peers=group:3", a.Inputs);
        Assert.Equal(100, a.Measure!.Value, 9);
        Assert.Equal(3m, entries.Single("B", "efficiency").Points);
        Assert.Equal(120, entries.Single("B", "efficiency").Measure!.Value, 9);
        Assert.Equal(0m, entries.Single("C", "efficiency").Points);
        Assert.Equal(69.75, entries.Single("C", "efficiency").Measure!.Value, 9);
        Assert.All(entries, e => Assert.Equal("2026.1", e.RulesVersion));
    }

    // Add to D1 a specialty S2 of two agents, and a department D2 of two agents:
    //   D: N=10, H=2000, Ts=14 400 → AHT=200, v=2.5     E: N=30, H=15 000 → AHT=500, v=3.75
    //   F: N=12, H=3600 → AHT=300, v=1.5                 G: N=12, H=7200 → AHT=600, v=1.5
    // D1/S2 has 2 < 3 peers → department D1: AHT {200,250,300,400,500} median 300, v {2,2.5,2.5,3,3.75} median 2.5.
    //   E_D = 100·(0.5·300/200 + 0.5·2.5/2.5) = 125 → 3 points (flat above 120)
    // D2 has 2 < 3 peers even as a department → center: AHT {200,250,300,300,400,500,600} median 300,
    //   v {1.5,1.5,2,2.5,2.5,3,3.75} median 2.5.
    //   E_F = 100·(0.5·300/300 + 0.5·1.5/2.5) = 80 → 0 points;  E_G = 100·(0.5·0.5 + 0.5·0.6) = 55 → 0.
    [Fact]
    public void A_group_of_two_falls_back_to_its_department_then_to_the_center()
    {
        (AgentDayMetrics, string, string)[] day =
        [
            .. SmallDepartment,
            (AgentDay("D", 10, 2000, scheduled: 14_400), "D1", "S2"),
            (AgentDay("E", 30, 15_000), "D1", "S2"),
            (AgentDay("F", 12, 3600), "D2", "S1"),
            (AgentDay("G", 12, 7200), "D2", "S1"),
        ];
        var norms = PeerNorms.Compute(day, Positive.Efficiency!);

        Assert.Equal(PeerScope.Group, norms.Resolve("D1", "S1")!.Scope);
        Assert.Equal(new PeerNorm(PeerScope.Department, "D1", "", 5, 300, 2.5), norms.Resolve("D1", "S2"));
        Assert.Equal(new PeerNorm(PeerScope.Center, "", "", 7, 300, 2.5), norms.Resolve("D2", "S1"));

        var entries = new DailyScorer(Positive).ScoreDay(day, norms);
        Assert.Equal(125, entries.Single("D", "efficiency").Measure!.Value, 9);
        Assert.Equal(3m, entries.Single("D", "efficiency").Points);
        Assert.EndsWith("peers=department:5", entries.Single("D", "efficiency").Inputs, StringComparison.Ordinal);
        Assert.Equal(80, entries.Single("F", "efficiency").Measure!.Value, 9);
        Assert.Equal(0m, entries.Single("F", "efficiency").Points);
        Assert.EndsWith("peers=center:7", entries.Single("G", "efficiency").Inputs, StringComparison.Ordinal);
        Assert.Equal(55, entries.Single("G", "efficiency").Measure!.Value, 9);
    }

    [Fact]
    public void Stored_norms_restore_to_the_same_scores()
    {
        var norms = PeerNorms.Compute(SmallDepartment, Positive.Efficiency!);
        var restored = PeerNorms.FromNorms(norms.Norms.ToList(), Positive.Efficiency!.MinGroupSize);
        var scorer = new DailyScorer(Positive);

        Assert.Equal(scorer.ScoreDay(SmallDepartment, norms), scorer.ScoreDay(SmallDepartment, restored));
        // …and those are the medians' scores worked above: A 1.5, B 3, C 0.
        Assert.Equal([("A", 1.5m), ("B", 3m), ("C", 0m)], scorer.ScoreDay(SmallDepartment, restored).Where(e => e.Rule == "efficiency").Select(e => (e.AgentId, e.Points)));
        Assert.Equal(new PeerNorm(PeerScope.Group, "D1", "S1", 3, 300, 2.5), restored.Resolve("D1", "S1"));
    }

    [Fact]
    public void An_agent_without_calls_or_time_record_has_no_E_and_does_not_move_the_norm()
    {
        (AgentDayMetrics, string, string)[] day =
        [
            .. SmallDepartment,
            (AgentDay("Z", 0, 0), "D1", "S1"),
            (AgentDay("Y", 40, 4000, hasTimeRecord: false, scheduled: 0), "D1", "S1"),
        ];

        var entries = new DailyScorer(Positive).ScoreDay(day);

        Assert.Equal(3, PeerNorms.Compute(day, Positive.Efficiency!).Resolve("D1", "S1")!.Agents);
        Assert.Equal(1.5m, entries.Single("A", "efficiency").Points);
        var z = entries.Single("Z", "efficiency");
        Assert.Equal((0m, "no answered calls: no efficiency index", null), (z.Points, z.Reason, z.Measure));
        var y = entries.Single("Y", "efficiency");
        Assert.Equal((0m, "no time record: no efficiency index"), (y.Points, y.Reason));
    }

    [Fact]
    public void Too_many_short_calls_withhold_the_efficiency_points_without_deducting()
    {
        // B would earn 3 (E = 120); 3 short calls of 24 is 12.5 % > 10 %.
        (AgentDayMetrics, string, string)[] day =
        [
            SmallDepartment[0],
            (AgentDay("B", 24, 6000, shortCalls: 3), "D1", "S1"),
            SmallDepartment[2],
        ];

        var b = new DailyScorer(Positive).ScoreDay(day).Single("B", "efficiency");

        Assert.Equal(0m, b.Points);
        Assert.StartsWith("withheld:", b.Reason, StringComparison.Ordinal);
        Assert.EndsWith("short=3/24", b.Inputs, StringComparison.Ordinal);
        Assert.Equal(120, b.Measure!.Value, 9);
    }

    [Fact]
    public void Short_calls_at_exactly_the_maximum_share_keep_the_points()
    {
        // 2 short of 20 = 10 %, not above 10 %.
        (AgentDayMetrics, string, string)[] day = [(AgentDay("A", 20, 6000, shortCalls: 2), "D1", "S1"), SmallDepartment[1], SmallDepartment[2]];

        Assert.Equal(1.5m, new DailyScorer(Positive).ScoreDay(day).Single("A", "efficiency").Points);
    }
}
