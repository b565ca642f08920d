using System.Text;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

/// <summary>
/// Team results at month close on a hand-made month: 7 ranked agents, three teams and one agent without a team; tiers A,
/// B, C; two agents earned a tier in an earlier month (one of them is not ranked this month).
/// </summary>
public sealed class TeamResultsTests
{
    private static readonly string[] TierNames = ["A", "B", "C"];

    private static MonthRankingRow Row(int rank, string agent, string team, decimal points, string? tier) =>
        new(rank, agent, "名" + agent, "客服一部", "电费", team, points, 0m, null, points, 0, tier, tier is null ? 0m : 100m);

    private static readonly IReadOnlyList<MonthRankingRow> Month =
    [
        Row(1, "a1", "一班", 100m, "A"),
        Row(2, "c1", "三班", 90m, "B"),
        Row(3, "a3", "一班", 80m, "C"),
        Row(4, "a2", "一班", 50m, null),
        Row(5, "b1", "二班", 40m, null),
        Row(6, "b2", "二班", 21m, null),
        Row(7, "d1", "", 10m, null),
    ];

    private static readonly string[] TieredBefore = ["b1", "x9", "a1"];

    [Fact]
    public void Each_team_has_its_members_mean_points_and_members_in_each_tier()
    {
        var report = TeamResults.Compute(Month, TierNames, TieredBefore);

        // Ordinal team order: 一 (U+4E00), 三 (U+4E09), 二 (U+4E8C). 一班: (100 + 80 + 50) / 3 = 76.666… → 76.67.
        Assert.Equal(
            [("一班", 3, 76.67m, 2, 0.6667m, "1,0,1"), ("三班", 1, 90m, 1, 1m, "0,1,0"), ("二班", 2, 30.5m, 0, 0m, "0,0,0")],
            report.Teams.Select(t => (t.Team, t.Members, t.MeanPoints, t.MembersInTier, t.ShareInTier, string.Join(",", t.Tiers.Select(x => x.Members)))));
        Assert.All(report.Teams, t => Assert.Equal(TierNames, t.Tiers.Select(x => x.Tier)));
    }

    [Fact]
    public void Coverage_counts_agents_ever_in_a_tier_and_teams_with_a_member_in_one_this_month()
    {
        var coverage = TeamResults.Compute(Month, TierNames, TieredBefore).Coverage;

        // Ever in a tier among the 7 ranked: a1, c1, a3 this month, b1 before (x9 is not ranked this month): 4 / 7.
        // Teams with a member in a tier this month: 一班 and 三班 of 3 (二班's b1 earned one only before); d1 has no team.
        Assert.Equal(new TeamCoverage(7, 4, 0.5714m, 3, 2, 0.6667m), coverage);
    }

    [Fact]
    public void A_month_without_anyone_ranked_has_zero_shares_not_a_division_by_zero()
    {
        Assert.Equal(new TeamCoverage(0, 0, 0m, 0, 0, 0m), TeamResults.Compute([], TierNames, TieredBefore).Coverage);
    }

    [Fact]
    public void Teams_csv_has_a_line_per_team_with_a_column_per_tier()
    {
        using var buffer = new MemoryStream();
        TeamsCsv.Write(TeamResults.Compute(Month, TierNames, TieredBefore), TierNames, new YearMonth(2026, 10), buffer);
        var content = buffer.ToArray();
        var records = PublishedFiles.ReadCsv(content);

        Assert.True(PublishedFiles.StartsWithBom(content));
        Assert.Equal(["month", "team", "members", "mean_points", "members_in_tier", "share_in_tier", "tier_A", "tier_B", "tier_C"], records[0]);
        Assert.Equal(["2026-10", "一班", "3", "76.67", "2", "0.6667", "1", "0", "1"], records[1]);
        Assert.Equal(["2026-10", "二班", "2", "30.5", "0", "0", "0", "0", "0"], records[3]);
        Assert.Equal(4, records.Count);
        Assert.EndsWith("\r\n", Encoding.UTF8.GetString(content), StringComparison.Ordinal);
    }

    [Fact]
    public void A_publication_carries_teams_csv_and_the_coverage_in_its_manifest()
    {
        var ranking = Ranking();
        var tieredBefore = new[] { ranking.Rows.First(r => r.Tier is null).AgentId };
        var files = MonthPublication.Build(ranking, V1, null, PayrollExtras.None, tieredBefore);

        var teams = PublishedFiles.ReadCsv(files.Named("teams.csv").Content);
        PublicationManifest manifest;
        using (var stream = new MemoryStream(files.Named("manifest.json").Content)) manifest = PublicationManifest.Read(stream);

        var expected = TeamResults.Compute(ranking.Rows, TierNames, tieredBefore);
        Assert.Equal(expected.Coverage, manifest.Teams);
        Assert.Equal(ranking.Summary.PaidCount + 1, manifest.Teams!.AgentsEverInTier);
        Assert.Equal(expected.Teams.Select(t => t.Team), teams.Skip(1).Select(r => r[1]));
        Assert.Contains(manifest.Files, f => f.Name == "teams.csv");
    }

    [Fact]
    public void The_agent_ids_of_a_published_bonus_csv_read_back_escaped_ones_included()
    {
        var rows = new[] { Row(1, "a1", "一班", 100m, "A"), Row(2, "-a2", "一班", 90m, "B"), Row(3, "a3", "一班", 80m, null) };
        using var buffer = new MemoryStream();
        BonusCsv.Write(rows, new YearMonth(2026, 10), buffer);

        Assert.Equal(["a1", "-a2"], BonusCsv.ReadAgentIds(buffer.ToArray()));
    }
}
