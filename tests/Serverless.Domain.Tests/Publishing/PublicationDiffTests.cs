using Serverless.Domain.Publishing;
using static Serverless.Domain.Tests.Publishing.MonthCloseRoster;

namespace Serverless.Domain.Tests.Publishing;

public sealed class PublicationDiffTests
{
    /// <summary>v2 after a late correction: a05 gets 20 more points (120 → 140), a20 is removed, n01 joins with 62.</summary>
    private static MonthRankingResult Corrected()
    {
        var standings = Standings().Where(s => s.AgentId != "a20").Select(s => s.AgentId == "a05" ? s with { MonthPoints = 140m } : s).ToList();
        standings.Add(Agent("n01", "新人", "客服一部", 62m));
        return MonthRanking.Rank(standings, Tiers, Stars);
    }

    [Fact]
    public void Diff_lists_who_moved_with_before_and_after_and_the_amount_delta()
    {
        var v1 = Ranking();
        var v2 = Corrected();

        var diff = PublicationDiff.Compare(v1.Rows, v2.Rows);

        // v2, n = 20 again: a01 150 (1, A); a02 140, a05 140 — a02 has WQ 75 > 65, so a02 2 (B), a05 3 (C);
        // a03/a04 130 drop from 3 to 4, past the C cutoff of 3, and lose 300 each. a05 gains 300.
        // n01 (62) ranks 16, between a15 (65) and a16 (60), and pushes a16…a19 down one; a20 is gone. Amount: +300 − 300 − 300 = −300.
        var byId = diff.Changes.ToDictionary(c => c.AgentId);
        Assert.Equal((AgentChangeKind.Changed, 5, 3, 120m, 140m, null, "C", 0m, 300m), Tuple(byId["a05"]));
        Assert.Equal((AgentChangeKind.Changed, 3, 4, 130m, 130m, "C", null, 300m, 0m), Tuple(byId["a03"]));
        Assert.Equal((AgentChangeKind.Changed, 3, 4, 130m, 130m, "C", null, 300m, 0m), Tuple(byId["a04"]));
        Assert.Equal((AgentChangeKind.Added, null, 16, null, 62m, null, null, 0m, 0m), Tuple(byId["n01"]));
        Assert.Equal((AgentChangeKind.Removed, 20, null, -5m, null, null, null, 0m, 0m), Tuple(byId["a20"]));
        Assert.Equal((16, 17), (byId["a16"].RankBefore, byId["a16"].RankAfter));
        Assert.False(byId.ContainsKey("a01"));
        Assert.False(byId.ContainsKey("a02"));
        Assert.Equal((3 + 4, 1, 1, -300m), (diff.ChangedCount, diff.AddedCount, diff.RemovedCount, diff.AmountDelta));
        Assert.Equal(v2.Summary.TotalAmount - v1.Summary.TotalAmount, diff.AmountDelta);
    }

    [Fact]
    public void Republication_writes_diff_csv_and_records_it_in_the_manifest()
    {
        var v1Files = MonthPublication.Build(Ranking(), V1);
        using var v1Json = new MemoryStream(v1Files.Named("ranking.json").Content);
        var previous = RankingJson.Read(v1Json);
        var v2Meta = V1 with { Version = 2, GeneratedAt = V1.GeneratedAt.AddDays(5), Reason = "差错复核: a05 满意率更正" };

        var files = MonthPublication.Build(Corrected(), v2Meta, previous);

        Assert.Equal(["ranking.csv", "ranking.xlsx", "ranking.json", "bonus.csv", "payroll.csv", "teams.csv", "diff.csv", "manifest.json"], files.Select(f => f.Name));
        var records = PublishedFiles.ReadCsv(files.Named("diff.csv").Content);
        Assert.True(PublishedFiles.StartsWithBom(files.Named("diff.csv").Content));
        Assert.Equal(["agent_id", "name", "department", "change", "rank_before", "rank_after", "points_before", "points_after", "tier_before", "tier_after", "amount_before_cny", "amount_after_cny", "amount_delta_cny"], records[0]);
        // Ordered by rank after: a05 (3) first, then a03, a04 (4)… and the removed a20 last.
        Assert.Equal(["a05", "陈静", "客服二部", "changed", "5", "3", "120", "140", "", "C", "0.00", "300.00", "300.00"], records[1]);
        Assert.Equal(["a20", "罗兰", "客服二部", "removed", "20", "", "-5", "", "", "", "0.00", "0.00", "0.00"], records[^1]);
        Assert.Contains(records, r => r[0] == "a03" && r[12] == "-300.00");

        using var manifestStream = new MemoryStream(files.Named("manifest.json").Content);
        var manifest = PublicationManifest.Read(manifestStream);
        Assert.Equal(new ManifestDiff(1, 7, 1, 1, -300m), manifest.Diff);
        Assert.Equal((2, v2Meta.Reason, 1900m), (manifest.Version, manifest.Reason, manifest.TotalAmount));
        Assert.Contains(manifest.Files, f => f.Name == "diff.csv" && f.Sha256 == files.Named("diff.csv").Sha256);
    }

    [Fact]
    public void Republication_without_a_reason_is_refused()
    {
        using var v1Json = new MemoryStream(MonthPublication.Build(Ranking(), V1).Named("ranking.json").Content);
        var previous = RankingJson.Read(v1Json);

        var error = Assert.Throws<ArgumentException>(() => MonthPublication.Build(Corrected(), V1 with { Version = 2 }, previous));
        Assert.Contains("reason", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_identical_versions_is_empty()
    {
        var diff = PublicationDiff.Compare(Ranking().Rows, Ranking().Rows);

        Assert.Empty(diff.Changes);
        Assert.Equal(0m, diff.AmountDelta);
    }

    [Fact]
    public void Diff_csv_is_byte_identical_for_the_same_versions()
    {
        byte[] Write()
        {
            using var s = new MemoryStream();
            DiffCsv.Write(PublicationDiff.Compare(Ranking().Rows, Corrected().Rows), s);
            return s.ToArray();
        }

        Assert.Equal(Write(), Write());
    }

    private static (AgentChangeKind, int?, int?, decimal?, decimal?, string?, string?, decimal, decimal) Tuple(AgentChange c) =>
        (c.Kind, c.RankBefore, c.RankAfter, c.PointsBefore, c.PointsAfter, c.TierBefore, c.TierAfter, c.AmountBefore, c.AmountAfter);
}
