using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>The what-if's ranking diff (rank moves, tier entries and exits, bonus total, dimension averages) on hand-made rankings, and its job's life.</summary>
public sealed class RankingWhatIfTests
{
    private static readonly YearMonth October = new(2026, 10);

    private static MonthRankingRow Row(int rank, string agent, decimal points, decimal workQuality, string? tier, decimal amount) =>
        new(rank, agent, agent.ToLowerInvariant(), "D1", "S1", "T1", points, workQuality, null, points, 0, tier, amount);

    private static WhatIfSide Side(string version, params MonthRankingRow[] rows)
    {
        var tiers = rows.Where(r => r.Tier is not null).GroupBy(r => r.Tier!).Select(g => new TierPayout(g.Key, g.First().Amount, g.Count(), g.Sum(r => r.Amount))).ToList();
        var dimensions = rows.ToDictionary(r => r.AgentId, r => (IReadOnlyDictionary<Dimension, decimal>)new Dictionary<Dimension, decimal>
        {
            [Dimension.WorkQuality] = r.WorkQualityPoints,
            [Dimension.DailyBehaviour] = r.MonthPoints - r.WorkQualityPoints,
        }, StringComparer.Ordinal);
        return new WhatIfSide(version, new MonthRankingResult(rows, new MonthRankingSummary(rows.Length, tiers, rows.Count(r => r.Tier is not null), rows.Sum(r => r.Amount))), dimensions);
    }

    [Fact]
    public void The_diff_names_rank_moves_tier_entries_and_exits_agents_ranked_on_one_side_and_the_bonus_change()
    {
        // Before: A1 first (tier A), B2 second (tier B), C3 third. After: B2 first (tier A), A1 second (tier B), D4 new third; C3 no longer ranked.
        var before = Side("2026.1", Row(1, "A1", 30m, 20m, "A", 1000m), Row(2, "B2", 25m, 10m, "B", 600m), Row(3, "C3", 10m, 4m, null, 0m));
        var after = Side("2026.10", Row(1, "B2", 40m, 10m, "A", 1200m), Row(2, "A1", 32m, 20m, "B", 600m), Row(3, "D4", 11m, 1m, null, 0m));

        var diff = RankingWhatIf.Compare(October, before, after);

        Assert.Equal(["B2", "A1", "D4", "C3"], diff.Agents.Select(a => a.AgentId));
        Assert.Equal([1, -1, null, null], diff.Agents.Select(a => a.RankMove));
        Assert.Equal(2, diff.RankMoves);
        Assert.Equal(2, diff.TierChanges);
        var c3 = diff.Agents.Single(a => a.AgentId == "C3");
        Assert.Equal((3, (int?)null, 10m, 0m), (c3.RankBefore, c3.RankAfter, c3.PointsBefore, c3.PointsAfter));

        var a = diff.Tiers.Single(t => t.Tier == "A");
        Assert.Equal((1, 1, 1000m, 1200m), (a.MembersBefore, a.MembersAfter, a.TotalBefore, a.TotalAfter));
        Assert.Equal(["B2"], a.Entered);
        Assert.Equal(["A1"], a.Left);
        var b = diff.Tiers.Single(t => t.Tier == "B");
        Assert.Equal(["A1"], b.Entered);
        Assert.Equal(["B2"], b.Left);

        Assert.Equal((1600m, 1800m, 200m), (diff.BonusTotalBefore, diff.BonusTotalAfter, diff.BonusTotalChange));
        // Means over the ranked agents, to two decimals: month (30+25+10)/3 = 21.67 → (40+32+11)/3 = 27.67.
        var month = diff.Dimensions.Single(d => d.Dimension == "month");
        Assert.Equal((21.67m, 27.67m), (month.AverageBefore, month.AverageAfter));
        var quality = diff.Dimensions.Single(d => d.Dimension == "workQuality");
        Assert.Equal((11.33m, 10.33m), (quality.AverageBefore, quality.AverageAfter));
        Assert.DoesNotContain(diff.Dimensions, d => d.Dimension == "teamBuilding"); // no ranked agent has any
    }

    [Fact]
    public void The_same_ranking_on_both_sides_is_a_diff_with_no_moves()
    {
        var side = Side("2026.1", Row(1, "A1", 30m, 20m, "A", 1000m), Row(2, "B2", 25m, 10m, null, 0m));
        var diff = RankingWhatIf.Compare(October, side, side);
        Assert.Equal((0, 0, 0m), (diff.RankMoves, diff.TierChanges, diff.BonusTotalChange));
        Assert.All(diff.Tiers, t => Assert.Empty(t.Entered.Concat(t.Left)));
        var csv = System.Text.Encoding.UTF8.GetString(WhatIfReport.Csv(diff)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["A1,a1,D1,T1,1,1,0,A,A,30,30,1000.00,1000.00,0.00", "B2,b2,D1,T1,2,2,0,,,25,25,0.00,0.00,0.00"], csv.Skip(1));
    }

    [Fact]
    public void A_what_if_job_succeeds_only_with_its_report_and_fails_on_a_month_without_agent_days()
    {
        var job = RescoreJob.QueueWhatIf("wi", October, "2026.10", "hr", default)
            .WithPlan(new Dictionary<DateOnly, int> { [new(2026, 10, 1)] = 2, [new(2026, 10, 2)] = 3 }, 3);
        Assert.Equal((JobKind.WhatIf, "2026.10", JobStatus.Running), (job.Kind, job.RulesVersion, job.Status));
        job = job.CompleteDay(new(2026, 10, 1));
        Assert.True(job.IsLastDay(new(2026, 10, 2)));
        var totals = new WhatIfTotals(3, 3, 1, 0, 0m, 0m, 0m);
        var done = job.CompleteWhatIf(new(2026, 10, 2), totals);
        Assert.Equal((JobStatus.Succeeded, totals), (done.Status, done.WhatIf));
        Assert.Same(done, done.CompleteWhatIf(new(2026, 10, 2), totals)); // a late redelivery changes nothing

        var empty = RescoreJob.QueueWhatIf("wi-0", October, "2026.10", "hr", default).WithPlan(new Dictionary<DateOnly, int>(), 0);
        Assert.Equal(JobStatus.Failed, empty.Status);
        Assert.Contains("no scored agent-day", empty.Error, StringComparison.Ordinal);
    }
}
