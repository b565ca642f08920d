using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

public sealed class MonthRankingTests
{
    private static MonthRankingRow Row(MonthRankingResult result, string id) => result.Rows.Single(r => r.AgentId == id);

    [Fact]
    public void Worked_example_ranks_pays_tiers_and_lifts_a_tie_at_the_C_boundary()
    {
        var result = Ranking();

        // n = 20 eligible (x01 left, x02 had no scheduled day).
        // A: r ≤ ⌈0.05 × 20⌉ = ⌈1⌉ = 1;  B: r ≤ ⌈0.10 × 20⌉ = ⌈2⌉ = 2;  C: r ≤ ⌈0.15 × 20⌉ = ⌈3⌉ = 3.
        // a03 and a04 tie at rank 3, so both are ≤ 3 and both earn C; without the tie a04 would be rank 4, unpaid.
        // Competition ranking: after the pair at 3 the next rank is 5.
        var expected = new (string Id, int Rank, string? Tier, decimal Amount)[]
        {
            ("a01", 1, "A", 1000m), ("a02", 2, "B", 600m), ("a03", 3, "C", 300m), ("a04", 3, "C", 300m),
            ("a05", 5, null, 0m), ("a06", 6, null, 0m), ("a07", 7, null, 0m), ("a08", 8, null, 0m), ("a09", 9, null, 0m),
            ("a10", 10, null, 0m), ("a11", 11, null, 0m), ("a12", 12, null, 0m), ("a13", 13, null, 0m), ("a14", 14, null, 0m),
            ("a15", 15, null, 0m), ("a16", 16, null, 0m), ("a17", 17, null, 0m), ("a18", 18, null, 0m), ("a19", 19, null, 0m),
            ("a20", 20, null, 0m),
        };
        Assert.Equal(expected, result.Rows.Select(r => (r.AgentId, r.Rank, r.Tier, r.Amount)).ToArray());

        // Paid: 1 × 1000 + 1 × 600 + 2 × 300 = 2200 CNY to 4 agents.
        Assert.Equal(20, result.Summary.EligibleCount);
        Assert.Equal(4, result.Summary.PaidCount);
        Assert.Equal(2200m, result.Summary.TotalAmount);
        Assert.Equal(
            [new TierPayout("A", 1000m, 1, 1000m), new TierPayout("B", 600m, 1, 600m), new TierPayout("C", 300m, 2, 600m)],
            result.Summary.Tiers);
    }

    [Fact]
    public void Stars_come_from_cumulative_after_the_month_and_never_drop()
    {
        var result = Ranking();

        // a01: 1700 + 150 = 1850 ≥ 1800 → 4★.   a03: 950 + 130 = 1080 ≥ 1000 → 3★.
        // a10: 800 + 90 = 890 ≥ 500 → 2★.       a05: 400 + 120 = 520 ≥ 500 → 2★.
        // a02: 0 + 140 = 140 < 200 → 0★ by points, but held 2★ before, and stars never drop → 2★.
        // a20: 0 − 5 = −5 → 0★.
        Assert.Equal(1850m, Row(result, "a01").CumulativeAfter);
        Assert.Equal(4, Row(result, "a01").Stars);
        Assert.Equal(3, Row(result, "a03").Stars);
        Assert.Equal(2, Row(result, "a10").Stars);
        Assert.Equal(2, Row(result, "a05").Stars);
        Assert.Equal(2, Row(result, "a02").Stars);
        Assert.Equal(0, Row(result, "a20").Stars);
    }

    [Fact]
    public void Agents_who_left_or_had_no_scheduled_day_are_not_ranked_or_counted()
    {
        var result = Ranking();

        // x01 and x02 have the most points of all, yet rank 1 is a01 and neither appears.
        Assert.DoesNotContain(result.Rows, r => r.AgentId is "x01" or "x02");
        Assert.Equal("a01", result.Rows[0].AgentId);
        Assert.Equal(20, result.Rows.Count);
    }

    [Fact]
    public void Each_tie_breaker_decides_in_order()
    {
        var result = Ranking();

        // 110 points each: work quality 60 beats 50, though a07 has the higher efficiency and cumulative.
        Assert.True(Row(result, "a06").Rank < Row(result, "a07").Rank);
        // 100 points and 40 work quality each: a measured E of 80.5 beats no E, though a09 has more cumulative.
        Assert.True(Row(result, "a08").Rank < Row(result, "a09").Rank);
        // 90 points, 30 work quality, E 100 each: cumulative before the month 800 beats 300.
        Assert.True(Row(result, "a10").Rank < Row(result, "a11").Rank);
    }

    [Fact]
    public void Agents_equal_on_every_tie_breaker_share_a_rank_listed_by_agent_id()
    {
        var standings = new[]
        {
            Agent("b", "乙", "客服一部", 50m, 10m, 100.0, before: 10m),
            Agent("a", "甲", "客服一部", 50m, 10m, 100.0, before: 10m),
            Agent("c", "丙", "客服一部", 40m),
        };

        var result = MonthRanking.Rank(standings, Tiers, Stars);

        Assert.Equal([("a", 1), ("b", 1), ("c", 3)], result.Rows.Select(r => (r.AgentId, r.Rank)).ToArray());
    }

    [Fact]
    public void A_tie_for_first_lifts_both_into_A_and_the_next_rank_skips_B()
    {
        // n = 20: A cutoff ⌈1⌉ = 1, B cutoff ⌈2⌉ = 2, C cutoff ⌈3⌉ = 3.
        // t01 and t02 tie at rank 1 → both A; t03 is rank 3 > 2 → not B, but ≤ 3 → C. Nobody is paid B.
        var standings = Enumerable.Range(3, 18).Select(i => Agent($"t{i:D2}", $"坐席{i}", "客服一部", 100m - i)).ToList();
        standings.Add(Agent("t01", "甲", "客服一部", 200m, 50m, 100.0));
        standings.Add(Agent("t02", "乙", "客服二部", 200m, 50m, 100.0));

        var result = MonthRanking.Rank(standings, Tiers, Stars);

        Assert.Equal(
            [("t01", 1, "A"), ("t02", 1, "A"), ("t03", 3, "C"), ("t04", 4, null)],
            result.Rows.Take(4).Select(r => (r.AgentId, r.Rank, r.Tier)).ToArray());
        Assert.Equal(0, result.Summary.Tiers.Single(t => t.Tier == "B").Paid);
        Assert.Equal(2 * 1000m + 300m, result.Summary.TotalAmount);
    }

    [Fact]
    public void Tiers_out_of_share_order_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            MonthRanking.Rank(Standings(), [new BonusTier("B", 0.10m, 600m), new BonusTier("A", 0.05m, 1000m)], Stars));
        Assert.Contains("larger share", error.Message, StringComparison.Ordinal);
    }
    [Fact]
    public void Days_of_work_items_make_an_agent_eligible_as_scheduled_days_do()
    {
        var result = MonthRanking.Rank(
        [
            Agent("w01", "赵敏", "客服一部", 12m, scheduledDays: 0) with { WorkItemDays = 3 },
            Agent("w02", "钱进", "客服一部", 30m, scheduledDays: 0),
            Agent("w03", "孙丽", "客服一部", 8m, scheduledDays: 5),
        ], Tiers, Stars);

        Assert.Equal([("w01", 1), ("w03", 2)], result.Rows.Select(r => (r.AgentId, r.Rank)));
    }
}
