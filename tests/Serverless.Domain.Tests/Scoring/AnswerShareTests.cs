using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>话务接听占比 (answer share) as an input of 人工效能 E, worked by hand.</summary>
public sealed class AnswerShareTests
{
    // One group D1/S1 of three agents, each at AHT 300 s and 2.5 calls per scheduled hour, on schedules of 4, 8 and 12 h:
    //   A: N=10, H=3000,  Ts=14 400     B: N=20, H=6000, Ts=28 800     C: N=30, H=9000, Ts=43 200
    // AHT_g = 300, v_g = 2.5: the AHT and v terms are 1 for everyone, so today's E is 100 for all three.
    // Answer share s = N ÷ ΣN (ΣN = 60): A 0.1667, B 0.3333, C 0.5; s_g = median N ÷ ΣN = 20/60 = 0.3333.
    // With w = 0.5: E = 100 × (0.5 × 1 + 0.5 × clamp(s / s_g, 0, 2)):
    //   E_A = 100 × (0.5 + 0.5 × 0.5) = 75  → 0 points (≤ 80)
    //   E_B = 100 × (0.5 + 0.5 × 1)   = 100 → 1.5 points
    //   E_C = 100 × (0.5 + 0.5 × 1.5) = 125 → 3 points (flat above 120)
    private static readonly (AgentDayMetrics, string, string)[] Day =
    [
        (AgentDay("A", 10, 3000, scheduled: 14_400), "D1", "S1"),
        (AgentDay("B", 20, 6000), "D1", "S1"),
        (AgentDay("C", 30, 9000, scheduled: 43_200), "D1", "S1"),
    ];

    private static RulesDocument Weighing(double w) => Positive with { Efficiency = Positive.Efficiency! with { AnswerShareWeight = w } };

    [Fact]
    public void The_presets_weigh_answer_share_0_and_everyone_is_a_typical_peer()
    {
        Assert.Equal(0, Positive.Efficiency!.AnswerShareWeight);
        var entries = new DailyScorer(Positive).ScoreDay(Day);

        Assert.All(["A", "B", "C"], id => Assert.Equal(100, entries.Single(id, "efficiency").Measure!.Value, 9));
        Assert.Equal("N=10 E=100.0 AHT=300 AHT_g=300 v=2.50 v_g=2.50 Ti/Ts=1.00 peers=group:3", entries.Single("A", "efficiency").Inputs);
        // Norms under w = 0 carry no answer-share figures: they are the norms they always were.
        Assert.Equal(new PeerNorm(PeerScope.Group, "D1", "S1", 3, 300, 2.5), PeerNorms.Compute(Day, Positive.Efficiency).Resolve("D1", "S1"));
    }

    [Fact]
    public void A_weight_of_one_half_moves_E_by_each_agents_share_of_the_groups_calls()
    {
        var rules = Weighing(0.5);
        var norms = PeerNorms.Compute(Day, rules.Efficiency!);
        Assert.Equal(new PeerNorm(PeerScope.Group, "D1", "S1", 3, 300, 2.5, 20, 60), norms.Resolve("D1", "S1"));

        var entries = new DailyScorer(rules).ScoreDay(Day, norms);

        var a = entries.Single("A", "efficiency");
        Assert.Equal(75, a.Measure!.Value, 9);
        Assert.Equal(0m, a.Points);
        Assert.Equal("N=10 E=75.0 AHT=300 AHT_g=300 v=2.50 v_g=2.50 Ti/Ts=1.00 peers=group:3 share=0.1667 share_g=0.3333 w=0.50", a.Inputs);
        Assert.Equal(100, entries.Single("B", "efficiency").Measure!.Value, 9);
        Assert.Equal(1.5m, entries.Single("B", "efficiency").Points);
        Assert.Equal(125, entries.Single("C", "efficiency").Measure!.Value, 9);
        Assert.Equal(3m, entries.Single("C", "efficiency").Points);
        Assert.EndsWith("share=0.5000 share_g=0.3333 w=0.50", entries.Single("C", "efficiency").Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public void Norms_stored_without_the_answer_share_give_no_E_under_a_weight_rather_than_a_wrong_one()
    {
        var withoutShare = PeerNorms.Compute(Day, Positive.Efficiency!);
        var entries = new DailyScorer(Weighing(0.5)).ScoreDay(Day, withoutShare);

        var b = entries.Single("B", "efficiency");
        Assert.Null(b.Measure);
        Assert.Equal(0m, b.Points);
        Assert.Contains("carry no answer share", b.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_outside_0_to_1_is_refused_at_its_line()
    {
        var json = RulePresets.ReadJson(RulePresets.PositiveIncentive).Replace("\"answerShareWeight\": 0", "\"answerShareWeight\": 1.5", StringComparison.Ordinal);
        var result = RulesDocument.Parse(json);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal("line 11: efficiency answerShareWeight 1.5: must be a share between 0 and 1", error.ToString());
    }
}
