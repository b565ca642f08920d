using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

public sealed class MonthScorerTests
{
    private static DateOnly Oct(int day) => new(2026, 10, day);

    private static AgentDayMetrics Day(int day, long signedIn = 28_800, int surveysAnswered = 0, int satisfied = 0, int pushed = 0, int answered = 0, int inspected = 0, int errors = 0) =>
        AgentDay("A", answered, answered * 300L, signedIn: signedIn, date: Oct(day)) with
        {
            SurveysAnswered = surveysAnswered,
            SurveysSatisfied = satisfied,
            SurveysPushed = pushed,
            CallsInspected = inspected,
            Errors = errors,
        };

    private static LedgerEntry Daily(int day, string rule, Dimension dimension, decimal points, double? measure = null) => new()
    {
        AgentId = "A",
        Period = LedgerPeriod.Day(Oct(day)),
        Rule = rule,
        Dimension = dimension,
        Points = points,
        Inputs = "",
        RulesVersion = "2026.1",
        Department = "D1",
        Measure = measure,
    };

    private static MonthScore Close(RulesDocument rules, IReadOnlyList<AgentDayMetrics>? days = null, IReadOnlyList<LedgerEntry>? daily = null, IReadOnlyList<AwardRecord>? awards = null, IReadOnlyList<PointsAdjustment>? adjustments = null) =>
        new MonthScorer(rules).Score(new MonthInput
        {
            AgentId = "A",
            Month = October,
            Department = "D1",
            Days = days ?? [],
            DailyEntries = daily ?? [],
            Awards = awards ?? [],
            Adjustments = adjustments ?? [],
        });

    [Fact]
    public void Full_attendance_pays_five_when_every_scheduled_day_was_attended()
    {
        var entry = Close(Positive, [Day(1), Day(2), Day(5, signedIn: 25_920)]).Entries.Single("A", "full-attendance");

        Assert.Equal((5m, "attended=3/3 min=0.9", LedgerPeriodKind.Month, "2026-10"), (entry.Points, entry.Inputs, entry.Period.Kind, entry.Period.Key));
    }

    [Fact]
    public void One_short_day_loses_full_attendance()
    {
        var entry = Close(Positive, [Day(1), Day(2, signedIn: 25_000)]).Entries.Single("A", "full-attendance");

        Assert.Equal((0m, "a scheduled day was not attended"), (entry.Points, entry.Reason));
    }

    [Theory]
    [InlineData(200, 199, 20)]  // 99.5 %
    [InlineData(200, 198, 12)]  // 99 %
    [InlineData(200, 197, 6)]   // 98.5 %
    [InlineData(200, 196, 6)]   // 98 %
    [InlineData(200, 195, 0)]   // 97.5 %
    [InlineData(19, 19, 0)]     // fewer than 20 surveys: not judged
    [InlineData(20, 20, 20)]
    public void Satisfaction_pays_by_tier_with_enough_surveys(int answered, int satisfied, int points)
    {
        var entry = Close(Positive, [Day(1, surveysAnswered: answered, satisfied: satisfied)]).Entries.Single("A", "satisfaction");

        Assert.Equal(points, entry.Points);
        Assert.Equal(Dimension.WorkQuality, entry.Dimension);
    }

    [Theory]
    [InlineData(100, 95, 5)]
    [InlineData(100, 94, 0)]
    [InlineData(0, 0, 0)]
    public void Push_rate_is_surveys_pushed_over_answered_calls(int answered, int pushed, int points)
    {
        var entry = Close(Positive, [Day(1, answered: answered, pushed: pushed)]).Entries.Single("A", "push-rate");

        Assert.Equal(points, entry.Points);
    }

    [Theory]
    [InlineData(10, 0, 10)]
    [InlineData(50, 1, 5)]   // 2 %
    [InlineData(49, 1, 0)]   // 2.04 %
    [InlineData(4, 0, 0)]    // fewer than 5 inspected
    public void Error_free_pays_ten_without_errors_and_five_up_to_two_percent(int inspected, int errors, int points)
    {
        var entry = Close(Positive, [Day(1, inspected: inspected, errors: errors)]).Entries.Single("A", "error-free");

        Assert.Equal(points, entry.Points);
    }

    [Fact]
    public void Work_quality_is_capped_at_80_with_an_entry_that_explains_it()
    {
        // 20 days × 3 efficiency = 60, + satisfaction 20 + push-rate 5 + error-free 10 = 95 earned, 80 counted.
        var daily = Enumerable.Range(1, 20).Select(d => Daily(d, "efficiency", Dimension.WorkQuality, 3m, 120)).ToList();
        var days = new[] { Day(1, surveysAnswered: 200, satisfied: 200, answered: 100, pushed: 100, inspected: 10) };

        var month = Close(Positive, days, daily);

        var cap = month.Entries.Single("A", "cap:workQuality");
        Assert.Equal((0m, "earned=95 cap=80 notCounted=15"), (cap.Points, cap.Inputs));
        Assert.Equal(new DimensionTotal(Dimension.WorkQuality, 95m, 80m), month.Totals.Dimensions.Single(d => d.Dimension == Dimension.WorkQuality));
        Assert.Equal(80m, month.Totals.Counted(Dimension.WorkQuality));
        Assert.Equal(120, month.Totals.MeanEfficiency);
    }

    [Fact]
    public void Daily_behaviour_is_capped_at_30_over_daily_and_monthly_points()
    {
        // 31 days × (0.5 + 0.5 + 0.3) = 40.3 daily + full attendance 5 = 45.3 earned → 30 counted.
        var days = Enumerable.Range(1, 31).Select(d => Day(d)).ToList();
        var daily = Enumerable.Range(1, 31).SelectMany(d => new[]
        {
            Daily(d, "attendance", Dimension.DailyBehaviour, 0.5m),
            Daily(d, "adherence", Dimension.DailyBehaviour, 0.5m),
            Daily(d, "not-ready", Dimension.DailyBehaviour, 0.3m),
        }).ToList();

        var month = Close(Positive, days, daily);

        Assert.Equal("earned=45.3 cap=30 notCounted=15.3", month.Entries.Single("A", "cap:dailyBehaviour").Inputs);
        Assert.Equal(30m, month.Totals.Counted(Dimension.DailyBehaviour));
        Assert.Equal(30m, month.Totals.Points);
        Assert.Equal(31, month.Totals.ScheduledDays);
    }

    [Fact]
    public void Team_and_department_awards_are_half_capped_at_10_and_center_awards_are_not()
    {
        // team honours 3 × 3 = 9, department honour 5 → 14 half-capped to 10; center honour 10 uncapped → 20 counted of 24.
        AwardRecord[] awards =
        [
            new("A", Oct(2), AwardItem.Honour, AwardLevel.Team, ""),
            new("A", Oct(9), AwardItem.Honour, AwardLevel.Team, ""),
            new("A", Oct(16), AwardItem.Honour, AwardLevel.Team, ""),
            new("A", Oct(20), AwardItem.Honour, AwardLevel.Department, ""),
            new("A", Oct(21), AwardItem.Honour, AwardLevel.Center, ""),
        ];

        var month = Close(Positive, awards: awards);

        Assert.Equal((9m, "count=3 value=3"), (month.Entries.Single("A", "team-building:honour:team").Points, month.Entries.Single("A", "team-building:honour:team").Inputs));
        Assert.Equal(5m, month.Entries.Single("A", "team-building:honour:department").Points);
        Assert.Equal(10m, month.Entries.Single("A", "team-building:honour:center").Points);
        Assert.Equal("earned=14 cap=10 notCounted=4", month.Entries.Single("A", "team-building-half-cap").Inputs);
        Assert.Equal(new DimensionTotal(Dimension.TeamBuilding, 24m, 20m), month.Totals.Dimensions.Single(d => d.Dimension == Dimension.TeamBuilding));
        Assert.Equal(20m, month.Totals.Points);
    }

    [Theory]
    [InlineData(AwardItem.Activity, AwardLevel.National, 8)]
    [InlineData(AwardItem.GoodDeed, AwardLevel.Company, 8)]
    [InlineData(AwardItem.Training, AwardLevel.Department, 1)]
    [InlineData(AwardItem.Honour, AwardLevel.Center, 10)]
    public void Award_values_come_by_item_and_level(AwardItem item, AwardLevel level, int points)
    {
        var month = Close(Positive, awards: [new AwardRecord("A", Oct(1), item, level, "")]);

        Assert.Equal(points, month.Totals.Points);
    }

    [Fact]
    public void Positive_incentive_refuses_leader_adjustments_and_keeps_the_refusal_on_record()
    {
        var month = Close(Positive, adjustments: [new PointsAdjustment("adj-1", "A", Oct(3), -2m, "late to a briefing")]);

        var entry = month.Entries.Single("A", "adjustment:adj-1");
        Assert.Equal(0m, entry.Points);
        Assert.StartsWith("refused:", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(0m, month.Totals.Points);
    }

    [Fact]
    public void Workload_month_is_weighted_work_plus_quality_plus_other_points()
    {
        // ΣL = 9.3 + 6 = 15.3 (w = 1, already in the daily entries); Z: error-free 10; Q: +3 − 2 = 1 → Y = 26.3.
        var daily = new[]
        {
            Daily(1, "work-item:complaint", Dimension.Workload, 9.3m),
            Daily(2, "work-item:outage-notice", Dimension.Workload, 6m),
        };
        PointsAdjustment[] adjustments =
        [
            new("adj-2", "A", Oct(8), -2m, "missed handover of an open work order"),
            new("adj-1", "A", Oct(7), 3m, "covered the night shift"),
            new("adj-3", "A", Oct(9), -5m, " "),
        ];

        var month = Close(Workload, [Day(1, inspected: 10)], daily, adjustments: adjustments);

        Assert.Equal(["satisfaction", "error-free", "adjustment:adj-1", "adjustment:adj-2", "adjustment:adj-3"], month.Entries.Select(e => e.Rule));
        var deduction = month.Entries.Single("A", "adjustment:adj-2");
        Assert.Equal((-2m, Dimension.Other, "missed handover of an open work order"), (deduction.Points, deduction.Dimension, deduction.Reason));
        Assert.Equal((0m, "refused: an adjustment needs a reason"), (month.Entries.Single("A", "adjustment:adj-3").Points, month.Entries.Single("A", "adjustment:adj-3").Reason));
        Assert.Equal(15.3m, month.Totals.Counted(Dimension.Workload));
        Assert.Equal(10m, month.Totals.Counted(Dimension.WorkQuality));
        Assert.Equal(1m, month.Totals.Counted(Dimension.Other));
        Assert.Equal(26.3m, month.Totals.Points);
    }

    [Fact]
    public void Inputs_of_another_agent_or_month_are_refused()
    {
        var foreign = AgentDay("B", 1, 60, date: Oct(1));
        var november = Day(1) with { Date = new DateOnly(2026, 11, 1) };

        Assert.Throws<ArgumentException>(() => Close(Positive, [foreign]));
        Assert.Throws<ArgumentException>(() => Close(Positive, [november]));
    }

    [Fact]
    public void Daily_and_monthly_scoring_chain_into_month_points()
    {
        // Three agents as in PeerNormsTests, two days each; A earns 1.5 efficiency + 0.5 adherence + 1.0 behaviour a day.
        var scorer = new DailyScorer(Positive);
        var daily = new List<LedgerEntry>();
        var days = new List<AgentDayMetrics>();
        foreach (var d in new[] { 1, 2 })
        {
            (AgentDayMetrics, string, string)[] day =
            [
                (AgentDay("A", 20, 6000, date: Oct(d)), "D1", "S1"),
                (AgentDay("B", 24, 6000, date: Oct(d)), "D1", "S1"),
                (AgentDay("C", 16, 6400, signedIn: 25_920, date: Oct(d)), "D1", "S1"),
            ];
            daily.AddRange(scorer.ScoreDay(day).Where(e => e.AgentId == "A"));
            days.Add(day[0].Item1);
        }

        var month = Close(Positive, days, daily);

        // Work quality 2 × (efficiency 1.5 + adherence 0.5) = 4; daily behaviour 2 × (attendance 0.5 + not-ready 0.3 +
        // conduct 0.2: a whole day scored from scratch counts every export in, the conduct record included) + full
        // attendance 5 = 7; month 11.
        Assert.Equal(4m, month.Totals.Counted(Dimension.WorkQuality));
        Assert.Equal(7m, month.Totals.Counted(Dimension.DailyBehaviour));
        Assert.Equal(11m, month.Totals.Points);
        Assert.Equal(100, month.Totals.MeanEfficiency!.Value, 9);
    }
}
