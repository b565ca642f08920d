using FsCheck.Xunit;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

public sealed class ScoringProperties
{
    private static readonly DailyScorer Daily = new(Positive);
    private static readonly MonthScorer Monthly = new(Positive);

    private static MonthScore Close(MonthScenario month)
    {
        var norms = PeerNorms.Compute(month.Days.Select(d => (d, "D1", "S1")), Positive.Efficiency!);
        var daily = month.Days.SelectMany(d => Daily.Score(d, "D1", "S1", norms)).ToList();
        return Monthly.Score(new MonthInput
        {
            AgentId = "A",
            Month = month.Month,
            Department = "D1",
            Days = month.Days,
            DailyEntries = daily,
            Awards = month.Awards,
            Adjustments = month.Adjustments,
        });
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Under_positive_incentive_no_daily_entry_is_ever_negative(DayScenario day) =>
        Daily.ScoreDay(day.Agents).All(e => e.Points >= 0);

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Under_positive_incentive_no_month_entry_or_total_is_ever_negative(MonthsScenario scenario) =>
        scenario.Months.Select(Close).All(m => m.Entries.All(e => e.Points >= 0) && m.Totals.Dimensions.All(d => d.Counted >= 0));

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public void Scoring_the_same_day_twice_or_shuffled_gives_the_same_ledger(DayScenario day)
    {
        var first = Daily.ScoreDay(day.Agents);

        Assert.Equal(first, Daily.ScoreDay(day.Agents));
        Assert.Equal(first, Daily.ScoreDay(day.Shuffled));
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public void Closing_a_month_twice_or_from_shuffled_inputs_gives_the_same_result(MonthsScenario scenario)
    {
        foreach (var month in scenario.Months)
        {
            var first = Close(month);
            var reversed = Close(month with { Days = [.. month.Days.Reverse()], Awards = [.. month.Awards.Reverse()], Adjustments = [.. month.Adjustments.Reverse()] });

            Assert.Equal(first.Entries, reversed.Entries);
            Assert.Equal(first.Totals.Dimensions, reversed.Totals.Dimensions);
            Assert.Equal((first.Totals.Points, first.Totals.MeanEfficiency, first.Totals.ScheduledDays), (reversed.Totals.Points, reversed.Totals.MeanEfficiency, reversed.Totals.ScheduledDays));
        }
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Cumulative_points_never_decrease_from_month_to_month(MonthsScenario scenario)
    {
        var cumulative = 0m;
        foreach (var month in scenario.Months)
        {
            var next = cumulative + Close(month).Totals.Points;
            if (next < cumulative) return false;
            cumulative = next;
        }
        return true;
    }

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Caps_and_the_half_cap_hold_every_month(MonthsScenario scenario) =>
        scenario.Months.Select(Close).All(m =>
            m.Totals.Counted(Dimension.DailyBehaviour) <= 30
            && m.Totals.Counted(Dimension.WorkQuality) <= 80
            && m.Totals.Points == m.Totals.Dimensions.Sum(d => d.Counted));

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Every_norm_is_the_sorted_median_of_its_peers(DayScenario day)
    {
        var norms = PeerNorms.Compute(day.Agents, Positive.Efficiency!).Norms;
        var peers = day.Agents.Where(a => PeerNorms.IsPeer(a.Metrics)).ToArray();
        return norms.All(norm =>
        {
            var members = peers.Where(p => norm.Scope == PeerScope.Center
                || (p.Department == norm.Department && (norm.Scope == PeerScope.Department || p.Specialty == norm.Specialty))).ToArray();
            var aht = members.Select(p => (double)p.Metrics.HandleSeconds / p.Metrics.AnsweredCalls).Order().ToArray();
            var perHour = members.Select(p => p.Metrics.AnsweredCalls * 3600.0 / p.Metrics.ScheduledSeconds).Order().ToArray();
            return norm.Agents == members.Length && norm.MedianHandleSeconds == SortedMedian(aht) && norm.MedianCallsPerHour == SortedMedian(perHour);
        }) && norms.Count(n => n.Scope == PeerScope.Center) == (peers.Length > 0 ? 1 : 0);
    }

    private static double SortedMedian(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}
