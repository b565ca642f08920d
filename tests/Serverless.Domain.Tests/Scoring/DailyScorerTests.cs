using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

public sealed class DailyScorerTests
{
    private static IReadOnlyList<LedgerEntry> ScoreAlone(AgentDayMetrics day) =>
        new DailyScorer(Positive).Score(day, "D1", "S1", PeerNorms.Compute([(day, "D1", "S1")], Positive.Efficiency!));

    [Fact]
    public void Every_daily_rule_yields_one_entry_in_the_files_order()
    {
        var entries = ScoreAlone(AgentDay("A", 20, 6000));

        Assert.Equal(["efficiency", "attendance", "adherence", "not-ready", "conduct"], entries.Select(e => e.Rule));
        // 遵时率 is work quality, as the seed places it; 行为规范 (conduct) daily behaviour.
        Assert.Equal([Dimension.WorkQuality, Dimension.DailyBehaviour, Dimension.WorkQuality, Dimension.DailyBehaviour, Dimension.DailyBehaviour], entries.Select(e => e.Dimension));
        Assert.All(entries, e => Assert.Equal((LedgerPeriodKind.Day, "2026-10-03", "D1"), (e.Period.Kind, e.Period.Key, e.Department)));
    }

    [Fact]
    public void A_rule_waits_for_every_export_it_reads()
    {
        var day = AgentDay("A", 20, 6000);
        var norms = PeerNorms.Compute([(day, "D1", "S1")], Positive.Efficiency!);
        var scorer = new DailyScorer(Positive);

        // The calls file alone judges nothing: efficiency needs the schedule too, the others only the schedule.
        Assert.Empty(scorer.Score(day, "D1", "S1", norms, new HashSet<ExportKind> { ExportKind.Calls }));
        Assert.Equal(["attendance", "adherence", "not-ready"], scorer.Score(day, "D1", "S1", norms, new HashSet<ExportKind> { ExportKind.AgentTime }).Select(e => e.Rule));
        // Once both are in, each entry is what scoring the whole day gives: alone, A is its own norm (E = 100 → 1.5),
        // fully signed in (0.5), adherence 1.0 (0.5), no not-ready time (0.3), no conduct event on a day of the conduct record (0.2).
        Assert.DoesNotContain(scorer.Score(day, "D1", "S1", norms, new HashSet<ExportKind> { ExportKind.Calls, ExportKind.AgentTime, ExportKind.Quality }), e => e.Rule == "conduct");
        var all = scorer.Score(day, "D1", "S1", norms, new HashSet<ExportKind> { ExportKind.Calls, ExportKind.AgentTime, ExportKind.Quality, ExportKind.Conduct });
        Assert.Equal([("efficiency", 1.5m), ("attendance", 0.5m), ("adherence", 0.5m), ("not-ready", 0.3m), ("conduct", 0.2m)], all.Select(e => (e.Rule, e.Points)));
        Assert.Equal(ScoreAlone(day), all);
    }

    [Theory]
    [InlineData(25_920, 0.5)] // Ti = 0.9 × 28 800 exactly: attended
    [InlineData(25_919, 0)]
    public void Attendance_pays_half_a_point_from_ninety_percent_of_the_schedule(long signedIn, double points)
    {
        var entry = ScoreAlone(AgentDay("A", 20, 6000, signedIn: signedIn)).Single("A", "attendance");

        Assert.Equal((decimal)points, entry.Points);
        Assert.StartsWith("Ti/Ts=0.9", entry.Inputs, StringComparison.Ordinal);
    }

    [Fact]
    public void Attendance_on_an_unscheduled_day_says_so()
    {
        var entry = ScoreAlone(AgentDay("A", 5, 600, scheduled: 0, signedIn: 3600)).Single("A", "attendance");

        Assert.Equal((0m, "not a scheduled day", "Ts=0"), (entry.Points, entry.Reason, entry.Inputs));
    }

    [Theory]
    [InlineData(0.95, 0.5)]
    [InlineData(0.949, 0)]
    public void Adherence_pays_half_a_point_from_ninety_five_percent(double adherence, double points)
    {
        var entry = ScoreAlone(AgentDay("A", 20, 6000, adherence: adherence)).Single("A", "adherence");

        Assert.Equal((decimal)points, entry.Points);
    }

    [Fact]
    public void A_day_without_adherence_earns_no_adherence_points_and_says_why()
    {
        var entry = ScoreAlone(AgentDay("A", 20, 6000, adherence: null)).Single("A", "adherence");

        Assert.Equal((0m, "no adherence recorded", "adherence=none"), (entry.Points, entry.Reason, entry.Inputs));
    }

    [Theory]
    [InlineData(2880, 0.3)] // Tn = 0.10 × Ti exactly
    [InlineData(2881, 0)]
    public void Not_ready_pays_three_tenths_up_to_ten_percent_of_signed_in_time(long notReady, double points)
    {
        var entry = ScoreAlone(AgentDay("A", 20, 6000, notReady: notReady)).Single("A", "not-ready");

        Assert.Equal((decimal)points, entry.Points);
    }

    [Fact]
    public void An_agent_alone_in_the_center_is_their_own_norm()
    {
        var entry = ScoreAlone(AgentDay("A", 20, 5000)).Single("A", "efficiency");

        Assert.Equal((1.5m, 100.0), (entry.Points, entry.Measure));
        Assert.EndsWith("peers=center:1", entry.Inputs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, 0)]
    [InlineData(90, 0.75)]
    [InlineData(110, 2.25)]
    [InlineData(119.99, 3)]
    [InlineData(120, 3)]
    [InlineData(150, 3)]
    public void Efficiency_points_rise_linearly_from_80_to_120(double e, double points)
    {
        // 119.99 → 2.99925 → rounds to 3.00 at 2 decimals.
        var curve = (EfficiencyRule)Positive.Daily[0];

        Assert.Equal((decimal)points, curve.PointsAt(e));
    }

    [Fact]
    public void Scoring_is_independent_of_the_input_order()
    {
        (AgentDayMetrics, string, string)[] day =
        [
            (AgentDay("B", 24, 6000), "D1", "S1"),
            (AgentDay("A", 20, 6000), "D1", "S1"),
            (AgentDay("C", 16, 6400), "D1", "S1"),
        ];
        var scorer = new DailyScorer(Positive);

        var forward = scorer.ScoreDay(day);
        var backward = scorer.ScoreDay(day.Reverse().ToArray());

        Assert.Equal(forward, backward);
        Assert.Equal(["A", "B", "C"], forward.Select(e => e.AgentId).Distinct());
    }

    [Fact]
    public void The_same_agent_twice_in_one_day_is_refused()
    {
        (AgentDayMetrics, string, string)[] day = [(AgentDay("A", 1, 60), "D1", "S1"), (AgentDay("A", 2, 60), "D1", "S1")];

        Assert.Throws<ArgumentException>(() => new DailyScorer(Positive).ScoreDay(day));
    }

    [Fact]
    public void Work_items_earn_value_times_eta_per_role_and_quantity()
    {
        // complaint B = 3: single ×2 → 3·2·1 = 6; primary ×1 → 3·1·1.1 = 3.3; together 9.3.
        // callback B = 0.5: secondary ×3 → 0.5·3·1.0 = 1.5.
        var items = new (WorkItemRecord, string)[]
        {
            (new WorkItemRecord("X", Day1, "complaint", WorkItemRole.Primary, 1), "D1"),
            (new WorkItemRecord("X", Day1, "callback", WorkItemRole.Secondary, 3), "D1"),
            (new WorkItemRecord("X", Day1, "complaint", WorkItemRole.Single, 2), "D1"),
        };

        var entries = new DailyScorer(Workload).ScoreWorkItems(items);

        Assert.Equal(["work-item:callback", "work-item:complaint"], entries.Select(e => e.Rule));
        Assert.Equal(1.5m, entries[0].Points);
        Assert.Equal(9.3m, entries[1].Points);
        Assert.Equal("B=3 w=1 single=2×1 primary=1×1.1", entries[1].Inputs);
        Assert.All(entries, e => Assert.Equal(Dimension.Workload, e.Dimension));
    }

    [Fact]
    public void The_workload_weight_multiplies_every_work_item()
    {
        var doubled = Workload with { Workload = Workload.Workload! with { Weight = 2 } };
        var items = new (WorkItemRecord, string)[] { (new WorkItemRecord("X", Day1, "complaint", WorkItemRole.Primary, 1), "D1") };

        Assert.Equal(6.6m, new DailyScorer(doubled).ScoreWorkItems(items).Single().Points);
    }

    [Fact]
    public void An_unknown_work_item_code_scores_nothing_and_says_why()
    {
        var items = new (WorkItemRecord, string)[] { (new WorkItemRecord("X", Day1, "teleport", WorkItemRole.Single, 1), "D1") };

        var entry = new DailyScorer(Workload).ScoreWorkItems(items).Single();

        Assert.Equal((0m, "work-item:teleport", "item code has no value B in these rules", "item=teleport"), (entry.Points, entry.Rule, entry.Reason, entry.Inputs));
    }

    [Fact]
    public void Ledger_periods_format_and_parse_days_and_months()
    {
        Assert.Equal("2026-10-03", LedgerPeriod.Day(Day1).Key);
        Assert.Equal("2026-10", LedgerPeriod.OfMonth(October).Key);
        Assert.True(LedgerPeriod.TryParse("2026-10", out var month));
        Assert.Equal(LedgerPeriod.OfMonth(October), month);
        Assert.True(LedgerPeriod.TryParse("2026-10-03", out var day));
        Assert.Equal(LedgerPeriod.Day(Day1), day);
        Assert.False(LedgerPeriod.TryParse("October", out _));
    }
}
