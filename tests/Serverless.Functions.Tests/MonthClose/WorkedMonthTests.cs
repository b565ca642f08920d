using System.Text.Json.Nodes;
using Serverless.Application.Ports;
using Serverless.Application.UseCases;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using Serverless.Functions.Tests.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Worked examples 2–6 of <c>docs/worked-examples.md</c> on their own Azurite, through the real handler and use cases:
/// October, November and December 2026 of exports dropped into <c>exports/</c> (ParseExport, ScoreAgentDays), then
/// each month closed by the real <see cref="MonthPublisher"/> on the stores the scoring wrote.
/// </summary>
public sealed class WorkedMonth : IAsyncLifetime
{
    public static readonly YearMonth October = new(2026, 10);
    public static readonly YearMonth November = new(2026, 11);
    public static readonly YearMonth December = new(2026, 12);
    private const int Ts = 28_800;
    private readonly AzuriteFixture _azurite = new();

    public HandlerHost World { get; private set; } = null!;

    public MonthCloseOutcome OctoberClose { get; private set; } = null!;
    public MonthCloseOutcome NovemberClose { get; private set; } = null!;
    public MonthCloseOutcome DecemberClose { get; private set; } = null!;

    public static readonly string[] Fillers = [.. Enumerable.Range(1, 20).Select(i => $"F{i:00}")];

    /// <summary>The agents of D2/S1 on 1 October: one ordinary scheduled day each (7.8 points) before their awards.</summary>
    public static readonly string[] OneDayAgents = ["S01", "R02", "R03", "R04", "R05", "H01", .. Fillers];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        World = new HandlerHost(ScoringHost.Options(_azurite.ConnectionString));
        var rules = World.Get<IRulesStore>();
        // The shipped preset, and from December the workload preset under its own version (a version is unique in a book).
        await rules.AddAsync(RulePresets.Load(RulePresets.PositiveIncentive), RulePresets.ReadJson(RulePresets.PositiveIncentive), CancellationToken.None);
        var workload = JsonNode.Parse(RulePresets.ReadJson(RulePresets.Workload))!.AsObject();
        workload["version"] = "2026.12-workload";
        workload["effectiveFrom"] = "2026-12-01";
        var workloadJson = workload.ToJsonString();
        await rules.AddAsync(RulesDocument.Parse(workloadJson).Value!, workloadJson, CancellationToken.None);

        await World.RosterAsync([
            ("M01", "D1", "S1"), ("P1", "D1", "S1"), ("P2", "D1", "S1"), ("P3", "D1", "S1"),
            .. OneDayAgents.Select(a => (a, "D2", "S1")),
            ("K01", "D3", "S1"), ("K02", "D3", "S1"), ("K03", "D3", "S1")]);

        // October: M01 and the three pacers P1–P3 work 1–20 October; the D2 agents only 1 October.
        for (var d = 1; d <= 20; d++)
        {
            var day = new DateOnly(2026, 10, d);
            var m01 = new WorkedCalls(32, 180, 10, 10, Pushed: 31, Satisfied: 10, Neutral: d == 1 ? 1 : 0);
            var pacer = new WorkedCalls(24, 270, 10, 20);
            (string, WorkedCalls[])[] calls = [("M01", [m01]), ("P1", [pacer]), ("P2", [pacer]), ("P3", [pacer])];
            (string, int, int, int, double, int)[] time = [("M01", Ts, Ts, 1_000, 0.97, 0), ("P1", Ts, Ts, 1_000, 0.90, 0), ("P2", Ts, Ts, 1_000, 0.90, 0), ("P3", Ts, Ts, 1_000, 0.90, 5)];
            if (d == 1)
            {
                calls = [.. calls, .. OneDayAgents.Select(a => (a, new[] { new WorkedCalls(24, 270, 10, 20) }))];
                time = [.. time, .. OneDayAgents.Select(a => (a, Ts, Ts, 1_000, 0.97, 0))];
            }
            await World.ScoreAllAsync(await World.DropAsync(Exports.CallsBlob(day, "worked"), WorkedExports.Calls(day, calls)));
            await World.ScoreAllAsync(await World.DropAsync(Exports.TimeBlob(day, "worked"), WorkedExports.Time(day, time)));
        }
        var first = new DateOnly(2026, 10, 1);
        await World.ScoreAllAsync(await World.DropAsync(Exports.QualityBlob(first, "worked"), WorkedExports.Quality(first, ("M01", 5, 0))));
        var awardDay = new DateOnly(2026, 10, 8);
        await World.DropAsync($"awards/{awardDay:yyyy-MM-dd}/hr.csv", "agent_id,date,item,level,note\r\n" + string.Concat(
            new[]
            {
                ("S01", "honour", "national"), ("S01", "honour", "national"), ("S01", "honour", "national"), ("S01", "honour", "national"), ("S01", "honour", "national"),
                ("R02", "honour", "national"), ("R02", "honour", "company"), ("R02", "good-deed", "company"),
                ("R03", "honour", "national"), ("R03", "honour", "company"), ("R03", "good-deed", "company"),
                ("R04", "honour", "national"), ("R04", "honour", "company"),
                ("R05", "honour", "national"), ("R05", "honour", "company"),
                ("H01", "honour", "team"), ("H01", "honour", "team"), ("H01", "honour", "team"), ("H01", "activity", "department"), ("H01", "good-deed", "center"),
            }.Select(a => $"{a.Item1},{awardDay:yyyy-MM-dd},{a.Item2},{a.Item3},\r\n")));

        // November: S01 alone, one ordinary day.
        var nov = new DateOnly(2026, 11, 2);
        await World.ScoreAllAsync(await World.DropAsync(Exports.CallsBlob(nov, "worked"), WorkedExports.Calls(nov, ("S01", [new WorkedCalls(24, 270, 10, 20)]))));
        await World.ScoreAllAsync(await World.DropAsync(Exports.TimeBlob(nov, "worked"), WorkedExports.Time(nov, ("S01", Ts, Ts, 1_000, 0.97, 0))));

        // December, under the workload rules: work items, one quality file, a leader's deduction and addition.
        var dec = new DateOnly(2026, 12, 1);
        await World.ScoreAllAsync(await World.DropAsync($"work-items/{dec:yyyy-MM-dd}/ops.csv", WorkedExports.WorkItems(
            ("K01", dec, "complaint", "single", 2), ("K01", dec, "coaching", "primary", 1),
            ("K02", dec, "complaint", "secondary", 1), ("K02", dec, "callback", "single", 3),
            ("K03", dec, "outage-notice", "primary", 2))));
        await World.ScoreAllAsync(await World.DropAsync(Exports.QualityBlob(dec, "worked"), WorkedExports.Quality(dec, ("K03", 5, 0))));
        var adjustments = World.Get<IEntryStore<PointsAdjustment>>();
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.FromHours(8));
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q-k01", Value = new("q-k01", "K01", dec, -2.5m, "工单超时未回访"), Source = "api:lead", RecordedAt = at }, CancellationToken.None);
        await adjustments.AddAsync(new Entry<PointsAdjustment> { Id = "q-k02", Value = new("q-k02", "K02", dec, 1m, "临时顶班"), Source = "api:lead", RecordedAt = at }, CancellationToken.None);

        var publisher = World.Get<MonthPublisher>();
        OctoberClose = await publisher.PublishAsync(October, CancellationToken.None);
        NovemberClose = await publisher.PublishAsync(November, CancellationToken.None);
        DecemberClose = await publisher.PublishAsync(December, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        World.Dispose();
        await _azurite.DisposeAsync();
    }
}

/// <summary>
/// The numbers of worked examples 2–6 (<c>docs/worked-examples.md</c>), each worked by hand there: the monthly rules,
/// the work-quality and daily-behaviour caps, the team-building half cap, the bonus tiers of 30 agents with ties at
/// the 10 % and 15 % boundaries, stars and cumulative points over two closed months, and the workload scheme's
/// L = B × η and Y = w·ΣL + ΣZ + ΣQ.
/// </summary>
public sealed class WorkedMonthTests(WorkedMonth example) : IClassFixture<WorkedMonth>
{
    private async Task<List<string[]>> RankingAsync(YearMonth month)
    {
        var bytes = await example.World.Get<IPublicationStore>().ReadFileAsync(month, 1, "ranking.csv", CancellationToken.None);
        return PublishedCsv.Read(bytes!);
    }

    /// <summary>agent → (rank, month points, work-quality points, cumulative, stars, tier, amount) as ranking.csv has them.</summary>
    private async Task<Dictionary<string, (string Rank, string Points, string WorkQuality, string Cumulative, string Stars, string Tier, string Amount)>> RowsAsync(YearMonth month)
    {
        var rows = await RankingAsync(month);
        Assert.Equal(["rank", "agent_id", "name", "department", "specialty", "team", "month_points", "work_quality_points",
            "mean_efficiency", "cumulative_points", "stars", "tier", "amount_cny"], rows[0]);
        return rows.Skip(1).ToDictionary(r => r[1], r => (r[0], r[6], r[7], r[9], r[10], r[11], r[12]));
    }

    private async Task<Dictionary<string, LedgerEntry>> MonthEntriesAsync(string agentId, YearMonth month) =>
        (await example.World.Get<ILedger>().GetAsync(agentId, month.FirstDay, month.LastDay, CancellationToken.None))
            .Where(s => s.Entry.Period.Kind == LedgerPeriodKind.Month)
            .ToDictionary(s => s.Entry.Rule, s => s.Entry, StringComparer.Ordinal);

    [Fact]
    public void Each_month_is_published_with_the_hand_worked_headcount_and_bonus_total()
    {
        // Everyone is in team T1. October: 6 of 30 in a tier. November: S01, paid again. December: of K01–K03 (never ranked
        // before) one is paid; no one of October's tiers is ranked in December, so 1 of 3 has ever earned one.
        Assert.Equal("Published 2026-10 v1: 30 agents ranked, 6 paid, total CNY 3800.00; teams: 1 of 1 with a member in a tier (100 %), agents ever in a tier: 6 of 30 (20 %).", example.OctoberClose.Message);
        Assert.Equal("Published 2026-11 v1: 1 agents ranked, 1 paid, total CNY 1000.00; teams: 1 of 1 with a member in a tier (100 %), agents ever in a tier: 1 of 1 (100 %).", example.NovemberClose.Message);
        Assert.Equal("Published 2026-12 v1: 3 agents ranked, 1 paid, total CNY 1000.00; teams: 1 of 1 with a member in a tier (100 %), agents ever in a tier: 1 of 3 (33.3 %).", example.DecemberClose.Message);
    }

    [Fact]
    public async Task Monthly_rules_pay_their_tiers_and_the_caps_count_80_and_30()
    {
        var m01 = await MonthEntriesAsync("M01", WorkedMonth.October);

        Assert.Equal((20m, "satisfied=200/201 rate=0.9950 minSurveys=20"), (m01["satisfaction"].Points, m01["satisfaction"].Inputs));
        Assert.Equal((5m, "pushed=620/640 rate=0.9688"), (m01["push-rate"].Points, m01["push-rate"].Inputs));
        Assert.Equal((10m, "errors=0/5 rate=0.0000"), (m01["error-free"].Points, m01["error-free"].Inputs));
        Assert.Equal((5m, "attended=20/20 min=0.9"), (m01["full-attendance"].Points, m01["full-attendance"].Inputs));
        // Work quality: 20 days × (3 + adherence 0.5) + 20 + 5 + 10 = 105, counted 80; daily behaviour: 20 × 0.8 + 5 = 21,
        // under its cap of 30 (adherence, 遵时率, is work quality as the seed places it).
        Assert.Equal((0m, "earned=105 cap=80 notCounted=25"), (m01["cap:workQuality"].Points, m01["cap:workQuality"].Inputs));
        Assert.DoesNotContain("cap:dailyBehaviour", m01.Keys);
        var row = (await RowsAsync(WorkedMonth.October))["M01"];
        Assert.Equal(("2", "101", "80"), (row.Rank, row.Points, row.WorkQuality));
    }

    [Fact]
    public async Task Monthly_rules_below_their_minimums_pay_nothing_and_say_why()
    {
        var p1 = await MonthEntriesAsync("P1", WorkedMonth.October);

        Assert.Equal((0m, "fewer surveys answered than minSurveys"), (p1["satisfaction"].Points, p1["satisfaction"].Reason));
        Assert.Equal((0m, "rate below the lowest tier"), (p1["push-rate"].Points, p1["push-rate"].Reason));
        Assert.Equal((0m, "fewer calls inspected than minInspected"), (p1["error-free"].Points, p1["error-free"].Reason));
        Assert.DoesNotContain("cap:dailyBehaviour", p1.Keys);
        // 20 × 1.5 efficiency + 20 × (0.5 + 0.3) + full attendance 5 (adherence 0.90 pays nothing).
        var row = (await RowsAsync(WorkedMonth.October))["P1"];
        Assert.Equal(("7", "51", "30"), (row.Rank, row.Points, row.WorkQuality));
    }

    [Fact]
    public async Task Team_and_department_awards_count_at_most_10_and_center_awards_on_top()
    {
        var h01 = await MonthEntriesAsync("H01", WorkedMonth.October);

        Assert.Equal((9m, "count=3 value=3"), (h01["team-building:honour:team"].Points, h01["team-building:honour:team"].Inputs));
        Assert.Equal((2m, "count=1 value=2"), (h01["team-building:activity:department"].Points, h01["team-building:activity:department"].Inputs));
        Assert.Equal((5m, "count=1 value=5"), (h01["team-building:good-deed:center"].Points, h01["team-building:good-deed:center"].Inputs));
        Assert.Equal((0m, "earned=11 cap=10 notCounted=1"), (h01["team-building-half-cap"].Points, h01["team-building-half-cap"].Inputs));
        // 7.8 for the day + 10 (half-capped 11) + 5 = 22.8.
        var row = (await RowsAsync(WorkedMonth.October))["H01"];
        Assert.Equal(("10", "22.8"), (row.Rank, row.Points));
    }

    [Fact]
    public async Task Thirty_agents_pay_ranks_up_to_2_5_and_5_and_a_tie_at_a_boundary_lifts_everyone_in_it()
    {
        var rows = await RowsAsync(WorkedMonth.October);

        Assert.Equal(30, rows.Count);
        Assert.Equal(("1", "207.8", "A", "1000.00"), (rows["S01"].Rank, rows["S01"].Points, rows["S01"].Tier, rows["S01"].Amount));
        Assert.Equal(("2", "101", "A", "1000.00"), (rows["M01"].Rank, rows["M01"].Points, rows["M01"].Tier, rows["M01"].Amount));
        // R02 = R03 at positions 3 and 4: B reaches rank 3, so both are B.
        Assert.Equal(("3", "75.8", "B", "600.00"), (rows["R02"].Rank, rows["R02"].Points, rows["R02"].Tier, rows["R02"].Amount));
        Assert.Equal(("3", "75.8", "B", "600.00"), (rows["R03"].Rank, rows["R03"].Points, rows["R03"].Tier, rows["R03"].Amount));
        // R04 = R05 at positions 5 and 6: C reaches rank ⌈0.15 × 30⌉ = 5, so both are C.
        Assert.Equal(("5", "67.8", "C", "300.00"), (rows["R04"].Rank, rows["R04"].Points, rows["R04"].Tier, rows["R04"].Amount));
        Assert.Equal(("5", "67.8", "C", "300.00"), (rows["R05"].Rank, rows["R05"].Points, rows["R05"].Tier, rows["R05"].Amount));
        Assert.All(new[] { "P1", "P2", "P3" }, p => Assert.Equal(("7", "51", "", "0.00"), (rows[p].Rank, rows[p].Points, rows[p].Tier, rows[p].Amount)));
        Assert.All(WorkedMonth.Fillers, f => Assert.Equal(("11", "7.8", "", "0.00"), (rows[f].Rank, rows[f].Points, rows[f].Tier, rows[f].Amount)));
    }

    [Fact]
    public async Task Stars_follow_cumulative_points_and_cumulative_is_the_sum_of_the_closed_months()
    {
        var october = await RowsAsync(WorkedMonth.October);
        var november = await RowsAsync(WorkedMonth.November);

        Assert.Equal(("207.8", "1"), (october["S01"].Cumulative, october["S01"].Stars));
        Assert.Equal(("101", "0"), (october["M01"].Cumulative, october["M01"].Stars));
        // November: 7.8 more; 207.8 + 7.8 = 215.6, still 1★ (2★ is 500).
        Assert.Equal(("1", "7.8", "215.6", "1", "A", "1000.00"), (november["S01"].Rank, november["S01"].Points, november["S01"].Cumulative, november["S01"].Stars, november["S01"].Tier, november["S01"].Amount));
        var standings = await example.World.Get<IStandingStore>().GetAllAsync(CancellationToken.None);
        Assert.Equal((215.6m, 1), (standings["S01"].Cumulative, standings["S01"].Stars));
        Assert.Equal((75.8m, 0), (standings["R02"].Cumulative, standings["R02"].Stars));
    }

    [Fact]
    public async Task Under_workload_a_work_item_earns_B_times_eta_and_the_month_is_w_times_sum_L_plus_Z_plus_Q()
    {
        var dec = new DateOnly(2026, 12, 1);
        async Task<Dictionary<string, decimal>> ItemsAsync(string agentId) =>
            // 1 December is also where December's monthly entries start: the day's are those of period kind Day.
            (await example.World.LedgerDayAsync(agentId, dec)).Where(e => e.Period.Kind == LedgerPeriodKind.Day).ToDictionary(e => e.Rule, e => e.Points, StringComparer.Ordinal);

        // L = B × η × quantity: complaint 3 × 1 × 2, coaching 4 × 1.1; complaint 3 × 1.0, callback 0.5 × 1 × 3; outage 2 × 1.1 × 2.
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 6m, ["work-item:coaching"] = 4.4m }, await ItemsAsync("K01"));
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:complaint"] = 3m, ["work-item:callback"] = 1.5m }, await ItemsAsync("K02"));
        Assert.Equal(new Dictionary<string, decimal> { ["work-item:outage-notice"] = 4.4m }, await ItemsAsync("K03"));

        var k01 = await MonthEntriesAsync("K01", WorkedMonth.December);
        Assert.Equal((-2.5m, "工单超时未回访"), (k01["adjustment:q-k01"].Points, k01["adjustment:q-k01"].Reason));
        Assert.Equal(10m, (await MonthEntriesAsync("K03", WorkedMonth.December))["error-free"].Points);

        // Y: K03 4.4 + Z 10 = 14.4; K01 10.4 − 2.5 = 7.9; K02 4.5 + 1 = 5.5. Three ranked: every tier reaches rank 1.
        var rows = await RowsAsync(WorkedMonth.December);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("1", "14.4", "A", "1000.00"), (rows["K03"].Rank, rows["K03"].Points, rows["K03"].Tier, rows["K03"].Amount));
        Assert.Equal(("2", "7.9", "", "0.00"), (rows["K01"].Rank, rows["K01"].Points, rows["K01"].Tier, rows["K01"].Amount));
        Assert.Equal(("3", "5.5", "", "0.00"), (rows["K02"].Rank, rows["K02"].Points, rows["K02"].Tier, rows["K02"].Amount));
    }
}
