using FsCheck.Xunit;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>One day of a center; the month-level invariants over whole centers are in <see cref="CenterProperties"/>.</summary>
public sealed class ScoringProperties
{
    private static readonly DailyScorer Daily = new(Positive);

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public bool Under_positive_incentive_no_daily_entry_is_ever_negative(DayScenario day) =>
        Daily.ScoreDay(day.Agents).All(e => e.Points >= 0);

    [Property(Arbitrary = [typeof(ScoringArbitraries)])]
    public void Scoring_the_same_day_twice_or_shuffled_gives_the_same_ledger(DayScenario day)
    {
        var first = Daily.ScoreDay(day.Agents);

        Assert.Equal(first, Daily.ScoreDay(day.Agents));
        Assert.Equal(first, Daily.ScoreDay(day.Shuffled));
    }

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
