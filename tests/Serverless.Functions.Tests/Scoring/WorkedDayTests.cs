using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// Worked example 1 of <c>docs/worked-examples.md</c> stored on its own Azurite: one day's calls and agent-time files
/// dropped into <c>exports/</c>, imported by ParseExport and scored by ScoreAgentDays, as the Functions host drives them.
/// </summary>
public sealed class WorkedDay : IAsyncLifetime
{
    public static readonly DateOnly Day = new(2026, 10, 5);
    private readonly AzuriteFixture _azurite = new();

    public HandlerHost World { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        World = new HandlerHost(ScoringHost.Options(_azurite.ConnectionString));
        await World.RosterAsync(
            ("A11", "D1", "S1"), ("A12", "D1", "S1"), ("A13", "D1", "S1"), ("Z51", "D1", "S1"),
            ("B21", "D1", "S2"), ("B22", "D1", "S2"), ("B23", "D1", "S2"), ("B24", "D1", "S2"),
            ("C31", "D2", "S1"), ("C32", "D2", "S1"), ("C33", "D2", "S2"),
            ("D41", "D3", "S1"));
        // Every figure below is the table "the day's exports" of the document: N calls, talk + hold + after-call work.
        await World.ScoreAllAsync(await World.DropAsync(Exports.CallsBlob(Day, "worked"), WorkedExports.Calls(Day,
            ("A11", [new(24, 240, 30, 30)]),
            ("A12", [new(32, 200, 0, 40)]),
            ("A13", [new(20, 300, 40, 20, Help: 3)]),
            ("Z51", [new(10, 250, 0, 50)]),
            ("B21", [new(16, 200, 20, 20)]),
            ("B22", [new(2, 5, 0, 75), new(18, 250, 10, 20)]),
            ("B23", [new(4, 5, 0, 75), new(26, 340, 20, 20)]),
            ("B24", [new(40, 350, 30, 20)]),
            ("C31", [new(24, 290, 20, 20)]),
            ("C32", [new(32, 240, 20, 20)]),
            ("C33", [new(16, 330, 30, 20)]),
            ("D41", [new(26, 280, 20, 20)]))));
        await World.ScoreAllAsync(await World.DropAsync(Exports.TimeBlob(Day, "worked"), WorkedExports.Time(Day,
            ("A11", 28_800, 28_800, 2_880, 0.95, 0),
            ("A12", 28_800, 25_920, 2_593, 0.949, 12),
            ("A13", 28_800, 28_800, 1_000, 0.97, 0),
            ("B21", 28_800, 28_800, 1_000, 0.97, 0),
            ("B22", 28_800, 28_800, 1_000, 0.97, 0),
            ("B23", 28_800, 28_800, 1_000, 0.97, 0),
            ("B24", 28_800, 28_800, 1_000, 0.97, 0),
            ("C31", 28_800, 28_800, 1_000, 0.97, 0),
            ("C32", 28_800, 25_200, 1_000, 0.97, 30),
            ("C33", 28_800, 28_800, 1_000, 0.97, 0),
            ("D41", 28_800, 28_800, 1_000, 0.97, 0))));
    }

    public async Task DisposeAsync()
    {
        World.Dispose();
        await _azurite.DisposeAsync();
    }
}

/// <summary>
/// The numbers of worked example 1 (<c>docs/worked-examples.md</c>, "One day: efficiency and the daily rules"), every
/// one of them worked by hand there: the norms (medians of an odd and an even group, the fallbacks from a small group
/// to its department and to the center), each agent's E and efficiency points, the short-call guard at and over its
/// share, and the attendance, adherence and not-ready rules at and past their thresholds.
/// </summary>
public sealed class WorkedDayTests(WorkedDay example) : IClassFixture<WorkedDay>
{
    private static readonly DateOnly Day = WorkedDay.Day;

    private async Task<LedgerEntry> EntryAsync(string agentId, string rule) =>
        (await example.World.LedgerDayAsync(agentId, Day)).Single(e => e.Rule == rule);

    private async Task AssertEfficiencyAsync(string agentId, decimal points, double e, string norm)
    {
        var entry = await EntryAsync(agentId, "efficiency");
        Assert.True(points == entry.Points, $"{agentId}: efficiency points {entry.Points}, expected {points} ({entry.Inputs})");
        Assert.True(Math.Abs(e - entry.Measure!.Value) < 1e-6, $"{agentId}: E = {entry.Measure}, expected {e} ({entry.Inputs})");
        Assert.Contains(norm, entry.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_days_norms_are_the_medians_worked_by_hand()
    {
        var norms = await example.World.Get<IPeerNormStore>().GetAsync(Day, CancellationToken.None);

        Assert.Equal(
        [
            new PeerNorm(PeerScope.Group, "D1", "S1", 3, 300, 3),
            new PeerNorm(PeerScope.Group, "D1", "S2", 4, 300, 3.125),
            new PeerNorm(PeerScope.Group, "D2", "S1", 2, 305, 3.5),
            new PeerNorm(PeerScope.Group, "D2", "S2", 1, 380, 2),
            new PeerNorm(PeerScope.Group, "D3", "S1", 1, 320, 3.25),
            new PeerNorm(PeerScope.Department, "D1", "", 7, 300, 3),
            new PeerNorm(PeerScope.Department, "D2", "", 3, 330, 3),
            new PeerNorm(PeerScope.Department, "D3", "", 1, 320, 3.25),
            new PeerNorm(PeerScope.Center, "", "", 11, 320, 3),
        ], norms);
    }

    [Fact]
    public async Task An_odd_group_of_three_is_measured_against_its_middle_agent()
    {
        await AssertEfficiencyAsync("A11", 1.5m, 100, "AHT=300 AHT_g=300 v=3.00 v_g=3.00 Ti/Ts=1.00 peers=group:3");
        await AssertEfficiencyAsync("A12", 2.72m, 116.25, "AHT=240 AHT_g=300 v=4.00 v_g=3.00 Ti/Ts=0.90 peers=group:3");
        await AssertEfficiencyAsync("A13", 0.25m, 250.0 / 3, "AHT=360 AHT_g=300 v=2.50 v_g=3.00 Ti/Ts=1.00 peers=group:3");
    }

    [Fact]
    public async Task An_even_group_of_four_is_measured_against_the_mean_of_its_two_middle_agents()
    {
        await AssertEfficiencyAsync("B21", 1.09m, 94.5, "AHT=240 AHT_g=300 v=2.00 v_g=3.13 Ti/Ts=1.00 peers=group:4");
        await AssertEfficiencyAsync("B24", 2.81m, 117.5, "AHT=400 AHT_g=300 v=5.00 v_g=3.13 Ti/Ts=1.00 peers=group:4");
    }

    [Fact]
    public async Task A_group_under_three_uses_its_departments_norm()
    {
        await AssertEfficiencyAsync("C31", 1.5m, 100, "AHT=330 AHT_g=330 v=3.00 v_g=3.00 Ti/Ts=1.00 peers=department:3");
        await AssertEfficiencyAsync("C32", 2.24m, 109.895833333333, "AHT=280 AHT_g=330 v=4.00 v_g=3.00 Ti/Ts=0.88 peers=department:3");
        var c33 = await EntryAsync("C33", "efficiency");
        Assert.Equal((0m, "E at or below the curve's first knot"), (c33.Points, c33.Reason));
        Assert.True(Math.Abs(76.754385964912 - c33.Measure!.Value) < 1e-6, c33.Inputs);
        Assert.EndsWith("peers=department:3", c33.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_under_three_uses_the_centers_norm()
    {
        await AssertEfficiencyAsync("D41", 1.81m, 104.166666666667, "AHT=320 AHT_g=320 v=3.25 v_g=3.00 Ti/Ts=1.00 peers=center:11");
    }

    [Fact]
    public async Task Short_calls_at_ten_percent_keep_the_points_and_above_it_withhold_them_without_a_deduction()
    {
        // B22: 2 of 20 calls under 10 s = 10 %, not above: paid.
        await AssertEfficiencyAsync("B22", 1.33m, 97.692307692308, "AHT=260 AHT_g=300 v=2.50 v_g=3.13 Ti/Ts=1.00 peers=group:4");
        // B23: 4 of 30 = 13.3 %: E is still measured (and moves the norms), its 1.81 points are withheld.
        var b23 = await EntryAsync("B23", "efficiency");
        Assert.Equal(0m, b23.Points);
        Assert.Equal("withheld: short calls above shortCallShareMax (anti-gaming guard, not a deduction)", b23.Reason);
        Assert.True(Math.Abs(104.117647058824 - b23.Measure!.Value) < 1e-6, b23.Inputs);
        Assert.EndsWith("AHT=340 AHT_g=300 v=3.75 v_g=3.13 Ti/Ts=1.00 peers=group:4 short=4/30", b23.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_with_calls_and_no_time_record_has_no_E_and_no_daily_points()
    {
        var z51 = (await example.World.LedgerDayAsync("Z51", Day)).ToDictionary(e => e.Rule, e => (e.Points, e.Reason));

        Assert.Equal(new Dictionary<string, (decimal, string?)>
        {
            ["efficiency"] = (0m, "no time record: no efficiency index"),
            ["attendance"] = (0m, "not a scheduled day"),
            ["adherence"] = (0m, "no adherence recorded"),
            ["not-ready"] = (0m, "not signed in"),
        }, z51);
    }

    [Fact]
    public async Task Attendance_adherence_and_not_ready_pay_at_their_thresholds_and_not_past_them()
    {
        async Task<(decimal, decimal, decimal)> DailyBehaviourAsync(string agentId) =>
            ((await EntryAsync(agentId, "attendance")).Points, (await EntryAsync(agentId, "adherence")).Points, (await EntryAsync(agentId, "not-ready")).Points);

        // A11: Ti = Ts, adherence exactly 0.95, Tn exactly 10 % of Ti: all three paid.
        Assert.Equal((0.5m, 0.5m, 0.3m), await DailyBehaviourAsync("A11"));
        // A12: Ti exactly 0.9 × Ts (paid); adherence 0.949 (not); Tn 2 593 > 0.10 × 25 920 = 2 592 (not).
        Assert.Equal((0.5m, 0m, 0m), await DailyBehaviourAsync("A12"));
        // C32: Ti = 25 200 < 25 920 (not); adherence 0.97 and Tn 1 000 ≤ 2 520 (paid).
        Assert.Equal((0m, 0.5m, 0.3m), await DailyBehaviourAsync("C32"));
        Assert.Equal((0.5m, 0.5m, 0.3m), await DailyBehaviourAsync("B21"));
    }

    [Fact]
    public async Task The_running_month_adds_the_days_points_by_dimension()
    {
        var totals = await ((Serverless.Storage.AgentMonthStore)example.World.Get<IAgentMonthStore>()).GetTotalsAsync("A12", Serverless.Domain.Metrics.YearMonth.Of(Day), CancellationToken.None);

        // A12: efficiency 2.72 (work quality); attendance 0.5 (daily behaviour).
        Assert.Equal(2.72m, totals![Dimension.WorkQuality]);
        Assert.Equal(0.5m, totals[Dimension.DailyBehaviour]);
    }
}
