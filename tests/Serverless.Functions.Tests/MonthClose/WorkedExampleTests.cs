using System.Globalization;
using System.Security.Cryptography;
using MiniExcelLibs;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Month close through storage, worked by hand. October 2026 (closed by the timer at 2026-11-01 02:00 Shanghai), rules
/// preset 2026.1: every agent has two fully attended scheduled days with attendance 0.5 a day and full attendance 5
/// (daily behaviour 6) plus two efficiency entries of x (work quality 2x). 20 eligible agents, so A = ⌈1⌉ = rank 1,
/// B = ⌈2⌉ = ranks ≤ 2, C = ⌈3⌉ = ranks ≤ 3.
/// <code>
/// W01 张伟   x=3    + center honour 10 → 6+6+10 = 22, before 190 → 212 → 1★, rank 1, A 1000
/// W02 =HYP…  x=2.5                     → 11,  rank 2, B 600   (tie with W03 …
/// W03 李娜   x=2.5                     → 11,  rank 2, B 600    … straddles B/C: both lifted to B)
/// W04        x=2.25                    → 10.5, rank 4 — nothing: rank 3 was taken by the tie, C cut-off is 3
/// W05        x=2, before 100 with 2★   → 10, cumulative 110 → 0★ by points, keeps 2★; before 100 breaks its tie: rank 5
/// W06…W20    x=2                       → 10, rank 6 (W10… in 客服二部)
/// L01 left (x=3), A01 active with no day, X01 not on the roster: not ranked.
/// </code>
/// Paid: 3 agents, CNY 2200.00.
/// </summary>
public sealed class WorkedExampleTests(WorkedExample example) : IClassFixture<WorkedExample>
{
    private static readonly YearMonth October = WorkedExample.October;
    private const string Hyperlink = WorkedExample.Hyperlink;
    private HandlerHost Handler => example.Handler;

    private async Task<byte[]> BlobAsync(string container, string name) =>
        (await Handler.Blobs().GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    [Fact]
    public async Task The_timer_publishes_the_hand_worked_ranking_tiers_and_stars()
    {
        // One team; 3 of the 20 ranked are paid, and no month was published before: 15 % have ever earned a tier.
        Assert.Equal("Published 2026-10 v1: 20 agents ranked, 3 paid, total CNY 2200.00; teams: 1 of 1 with a member in a tier (100 %), agents ever in a tier: 3 of 20 (15 %).", example.TimerLog);
        var rows = PublishedCsv.Read(await BlobAsync("rankings", "2026-10/v1/ranking.csv"));
        // The columns HR and payroll read, as the export contract names them (not the writer's own constant).
        Assert.Equal(["rank", "agent_id", "name", "department", "specialty", "team", "month_points", "work_quality_points", "mean_efficiency", "cumulative_points", "stars", "tier", "amount_cny"], rows[0]);
        var byAgent = rows.Skip(1).ToDictionary(r => r[1], r => (Rank: r[0], Points: r[6], Cumulative: r[9], Stars: r[10], Tier: r[11], Amount: r[12]));
        Assert.Equal(20, byAgent.Count);
        Assert.Equal(("1", "22", "212", "1", "A", "1000.00"), byAgent["W01"]);
        Assert.Equal(("2", "11", "11", "0", "B", "600.00"), byAgent["W02"]);
        Assert.Equal(("2", "11", "11", "0", "B", "600.00"), byAgent["W03"]);
        Assert.Equal(("4", "10.5", "10.5", "0", "", "0.00"), byAgent["W04"]);
        Assert.Equal(("5", "10", "110", "2", "", "0.00"), byAgent["W05"]);
        Assert.All(Enumerable.Range(6, 15), i => Assert.Equal(("6", "10", "10", "0", "", "0.00"), byAgent[$"W{i:D2}"]));
        Assert.DoesNotContain("L01", byAgent.Keys);
        Assert.DoesNotContain("A01", byAgent.Keys);
        Assert.DoesNotContain("X01", byAgent.Keys);
    }

    [Fact]
    public async Task Csv_files_round_trip_Chinese_names_and_neutralise_a_formula_looking_name()
    {
        var ranking = await BlobAsync("rankings", "2026-10/v1/ranking.csv");
        Assert.True(PublishedCsv.StartsWithBom(ranking));
        var names = PublishedCsv.Read(ranking).Skip(1).ToDictionary(r => r[1], r => r[2]);
        Assert.Equal("张伟", names["W01"]);
        Assert.Equal("李娜", names["W03"]);
        Assert.Equal("'" + Hyperlink, names["W02"]);

        var payroll = await BlobAsync("bonus", "2026-10/v1/payroll.csv");
        Assert.False(PublishedCsv.StartsWithBom(payroll));
        var records = PublishedCsv.Read(payroll);
        Assert.Equal(["employee_id", "name", "department", "tier", "amount_cny", "month"], records[0]);
        Assert.Equal(["W01", "张伟", "客服一部", "A", "1000.00", "2026-10"], records[1]);
        Assert.Equal(["W02", "'" + Hyperlink, "客服一部", "B", "600.00", "2026-10"], records[2]);
        Assert.Equal(["W03", "李娜", "客服一部", "B", "600.00", "2026-10"], records[3]);
        Assert.Equal(["TRAILER", "3", "2200.00", "2026-10"], records[^1]);
        Assert.Equal(5, records.Count);

        var bonus = PublishedCsv.Read(await BlobAsync("bonus", "2026-10/v1/bonus.csv"));
        Assert.Equal(["month", "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "tier", "amount_cny", "hold"], bonus[0]);
        Assert.Equal(["W01", "W02", "W03"], bonus.Skip(1).Select(r => r[2]));
    }

    [Fact]
    public async Task The_workbook_opens_with_a_summary_and_one_sheet_per_department()
    {
        using var xlsx = new MemoryStream(await BlobAsync("rankings", "2026-10/v1/ranking.xlsx"));
        Assert.Equal(["summary", "客服一部", "客服二部"], xlsx.GetSheetNames());
        var first = xlsx.Query(useHeaderRow: true, sheetName: "客服一部").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["W01", "W02", "W03", "W04", "W05", "W06", "W07", "W08", "W09"], first.Select(r => (string)r["agent_id"]!));
        Assert.Equal(Hyperlink, first[1]["name"]);
        Assert.Equal(11, xlsx.Query(useHeaderRow: true, sheetName: "客服二部").Count());
    }

    [Fact]
    public async Task The_manifest_hashes_and_totals_match_the_stored_blobs()
    {
        var manifestBytes = await BlobAsync("rankings", "2026-10/v1/manifest.json");
        Assert.Equal(manifestBytes, await BlobAsync("bonus", "2026-10/v1/manifest.json"));
        using var stream = new MemoryStream(manifestBytes);
        var manifest = PublicationManifest.Read(stream);
        Assert.Equal(("2026-10", 1, "2026.1", example.Clock.GetUtcNow()), (manifest.Month, manifest.Version, manifest.RulesVersion, manifest.GeneratedAt));
        Assert.Equal((20, 3, 2200m), (manifest.RowCount, manifest.PaidCount, manifest.TotalAmount));
        Assert.Equal([("A", 1, 1000m), ("B", 2, 1200m), ("C", 0, 0m)], manifest.Tiers.Select(t => (t.Tier, t.Paid, t.Total)));
        Assert.Equal(["ranking.csv", "ranking.xlsx", "ranking.json", "bonus.csv", "payroll.csv", "teams.csv"], manifest.Files.Select(f => f.Name));
        foreach (var file in manifest.Files)
        {
            var container = file.Name is "bonus.csv" or "payroll.csv" ? "bonus" : "rankings";
            var bytes = await BlobAsync(container, $"2026-10/v1/{file.Name}");
            Assert.Equal(file.Bytes, bytes.LongLength);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
    }

    [Fact]
    public async Task A_second_timer_run_writes_nothing()
    {
        var before = await Handler.SnapshotAsync("rankings", "2026-10/");

        Assert.Equal("2026-10 already published v1; nothing written.", await Handler.RunTimerAsync());
        Assert.Equal(before, await Handler.SnapshotAsync("rankings", "2026-10/"), SnapshotComparer.Instance);
    }

    [Fact]
    public async Task Closing_records_the_month_in_the_standings_and_the_monthly_entries_in_the_ledger()
    {
        var standings = await Handler.Get<IStandingStore>().GetAllAsync(default);
        Assert.Equal((212m, 1, October), (standings["W01"].Cumulative, standings["W01"].Stars, standings["W01"].LastClosedMonth!.Value));
        Assert.Equal((110m, 2), (standings["W05"].Cumulative, standings["W05"].Stars));
        // An agent who left still earned the month's points; they count in the cumulative, not in the ranking.
        Assert.Equal(12m, standings["L01"].Cumulative);

        var w01 = Handler.Ledger.All.Where(e => e.Entry.AgentId == "W01").ToDictionary(e => e.Entry.Rule, e => e.Entry.Points);
        Assert.Equal(5m, w01["full-attendance"]);
        Assert.Equal(10m, w01["team-building:honour:center"]);
        Assert.All(Handler.Ledger.All, e => Assert.Equal("2026-10", e.Entry.Period.Key));
        Assert.Equal(["imp-1"], Handler.Ledger.All[0].ImportIds);

        var status = await Handler.Publisher().GetPublicationAsync(October, default);
        var latest = Assert.Single(status.Versions);
        Assert.Equal(1, latest.Version);
        Assert.Contains(latest.Files, f => f.Name == "payroll.csv" && f.Location == "bonus/2026-10/v1/payroll.csv");
        Assert.Contains(latest.Files, f => f.Name == "ranking.xlsx" && f.Location == "rankings/2026-10/v1/ranking.xlsx");
        Assert.Equal(2200m, latest.Manifest.TotalAmount);
        Assert.False(status.InProgress);
    }
}
