using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>A generated center and the rules it is scored under: a preset with its thresholds and points moved.</summary>
public sealed record CenterUnderRules(CenterScenario Center, RulesDocument Rules)
{
    public override string ToString() => $"{Center} rules={Rules.ToJson().ReplaceLineEndings(" ")}";
}

public static class MovedRules
{
    /// <summary>Either preset with every one of the eight kinds' numbers drawn afresh (the kinds and their order kept).</summary>
    public static Arbitrary<CenterUnderRules> Any()
    {
        var gen =
            from center in CenterArbitraries.Centers().Generator
            from rules in Rules(center.Scheme == RuleScheme.PositiveIncentive ? ScoringFixtures.Positive : ScoringFixtures.Workload)
            select new CenterUnderRules(center with { Months = center.Scheme == RuleScheme.PositiveIncentive ? [.. center.Months.Select(m => m with { Days = [.. m.Days.Select(d => d with { Items = [] })] })] : center.Months }, rules);
        return Arb.From(gen);
    }

    private static Gen<double> Share(int low, int high) => Gen.Choose(low, high).Select(p => p / 1000.0);

    private static Gen<decimal> Points(int low, int high) => Gen.Choose(low, high).Select(p => p / 10m);

    private static Gen<RulesDocument> Rules(RulesDocument preset) =>
        from efficiency in from low in Gen.Choose(60, 110) from width in Gen.Choose(5, 60) from points in Points(1, 50) from flat in Gen.Elements(false, false, false, true)
                           select flat ? (IReadOnlyList<EfficiencyPoint>)[new EfficiencyPoint(low, points)] : [new EfficiencyPoint(low, 0), new EfficiencyPoint(low + width, points)]
        from attendance in Share(500, 1000)
        from adherence in Share(800, 1000)
        from notReady in Share(0, 300)
        from fullAttendance in Share(500, 1000)
        from dailyPoints in Gen.ArrayOf(Points(0, 20), 3)
        from minSurveys in Gen.Choose(1, 40)
        from satisfaction in Gen.Choose(900, 990).Select(t => (decimal)t / 1000m)
        from minCalls in Gen.Choose(1, 30)
        from pushRate in Gen.Choose(500, 990).Select(t => (decimal)t / 1000m)
        from minInspected in Gen.Choose(1, 12)
        from errorCeiling in Gen.Choose(0, 100).Select(t => (decimal)t / 1000m)
        select preset with
        {
            Version = preset.Version + "-moved",
            Daily = [.. preset.Daily.Select(rule => rule switch
            {
                EfficiencyRule r => r with { Points = efficiency },
                AttendanceRule r => r with { MinSignedInShare = attendance, Points = dailyPoints[0] },
                AdherenceRule r => r with { MinAdherence = adherence, Points = dailyPoints[1] },
                NotReadyRule r => r with { MaxShareOfSignedIn = notReady, Points = dailyPoints[2] },
                _ => rule,
            })],
            Monthly = [.. preset.Monthly.Select(rule => rule switch
            {
                FullAttendanceRule r => r with { MinSignedInShare = fullAttendance },
                SatisfactionRule r => r with { MinSurveys = minSurveys, Tiers = [new AtLeastTier(satisfaction, 4), new AtLeastTier(satisfaction + 0.005m, 9)] },
                PushRateRule r => r with { MinCalls = minCalls, Tiers = [new AtLeastTier(pushRate, 5)] },
                ErrorFreeRule r => r with { MinInspected = minInspected, Tiers = [new AtMostTier(0, 10), new AtMostTier(errorCeiling + 0.001m, 5)] },
                _ => rule,
            })],
        };
}

/// <summary>
/// RULES.md, "The eight kinds as metric rules": each named kind is a rule of kind <c>metric</c> (a catalogue metric, a
/// minimum, a direction, a line or tiers). Scored both ways over generated centers, every agent-day and every month
/// gets the same entries — rule, dimension, points, measure, whether a reason is given — the same totals and the same
/// ranking, bonus and stars. Only an entry's inputs and the wording of its reason may differ.
/// </summary>
public sealed class MetricRulesProperties
{
    private static void Same(LedgerEntry named, LedgerEntry metric, string because)
    {
        Assert.True(
            (named.AgentId, named.Period, named.Rule, named.Dimension, named.Points, named.Measure, named.Reason is null, named.RulesVersion, named.Department)
            == (metric.AgentId, metric.Period, metric.Rule, metric.Dimension, metric.Points, metric.Measure, metric.Reason is null, metric.RulesVersion, metric.Department),
            $"{because}: {named} as a metric rule gave {metric}");
    }

    [Property(Arbitrary = [typeof(MovedRules)], MaxTest = 60)]
    public void The_eight_kinds_as_metric_rules_give_identical_ledgers_totals_and_rankings(CenterUnderRules generated)
    {
        var (scenario, named) = (generated.Center, generated.Rules);
        Assert.True(RulesDocument.Parse(named.ToJson()).Succeeded, RulesDocument.Parse(named.ToJson()).Describe());
        var metric = MetricAliases.ToMetricRules(named);
        Assert.NotNull(metric);
        Assert.All(metric.Daily.Concat<object>(metric.Monthly), r => Assert.True(r is DailyMetricRule or MonthlyMetricRule, $"{r} is not a metric rule"));
        // The metric form is itself a rules file that loads.
        var reparsed = RulesDocument.Parse(metric.ToJson());
        Assert.True(reparsed.Succeeded, reparsed.Describe());

        var standingsNamed = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        var standingsMetric = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        foreach (var month in scenario.Months)
        {
            var because = $"{generated} {month.Month}";
            var daysNamed = Center.Score(scenario, month, named);
            var daysMetric = Center.Score(scenario, month, reparsed.Value);
            Assert.Equal(daysNamed.Count, daysMetric.Count);
            foreach (var (a, b) in daysNamed.Zip(daysMetric))
            {
                Assert.Equal(a.AgentId, b.AgentId);
                foreach (var (dayA, dayB) in a.Days.Zip(b.Days))
                {
                    Assert.True(dayA.Entries.Count == dayB.Entries.Count, $"{because} {a.AgentId} {dayA.Metrics.Date}: {dayA.Entries.Count} entries, {dayB.Entries.Count} as metric rules");
                    foreach (var (x, y) in dayA.Entries.Zip(dayB.Entries)) Same(x, y, because);
                }
            }

            var closeNamed = Center.Close(scenario, month, standingsNamed, named);
            var closeMetric = Center.Close(scenario, month, standingsMetric, reparsed.Value);
            Assert.Equal(closeNamed.Scores.Select(s => s.AgentId), closeMetric.Scores.Select(s => s.AgentId));
            foreach (var (x, y) in closeNamed.Scores.Zip(closeMetric.Scores))
            {
                Assert.True(x.Score.Entries.Count == y.Score.Entries.Count, $"{because} {x.AgentId}: month entries differ in number");
                foreach (var (e, f) in x.Score.Entries.Zip(y.Score.Entries)) Same(e, f, because);
                Assert.True(x.Score.Totals.Dimensions.SequenceEqual(y.Score.Totals.Dimensions), $"{because} {x.AgentId}: dimension totals differ");
                Assert.True((x.Score.Totals.Points, x.Score.Totals.MeanEfficiency, x.Score.Totals.ScheduledDays) == (y.Score.Totals.Points, y.Score.Totals.MeanEfficiency, y.Score.Totals.ScheduledDays), $"{because} {x.AgentId}: totals differ");
            }
            Assert.True(closeNamed.Ranking.Rows.SequenceEqual(closeMetric.Ranking.Rows), $"{because}: the ranking differs");
            Center.Record(standingsNamed, closeNamed);
            Center.Record(standingsMetric, closeMetric);
        }
    }

    [Fact]
    public void The_generated_rules_reach_every_outcome_of_every_kind()
    {
        // A property over cases that never pay a tier, never miss a minimum or never withhold cannot catch a difference there.
        var samples = MovedRules.Any().Generator.Sample(25, new Rnd(20261207UL, 0x9E3779B97F4A7C15UL), 80);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var generated in samples)
        {
            foreach (var month in generated.Center.Months)
            {
                var close = Center.Close(generated.Center, month, new Dictionary<string, AgentStanding>(), generated.Rules);
                var entries = Center.Score(generated.Center, month, generated.Rules).SelectMany(r => r.Days).SelectMany(d => d.Entries)
                    .Concat(close.Scores.SelectMany(s => s.Score.Entries));
                foreach (var e in entries) seen.Add($"{e.Rule}:{(e.Points > 0 ? "paid" : e.Measure is null ? "no value" : "unpaid")}");
            }
        }
        string[] kinds = ["efficiency", "attendance", "adherence", "not-ready", "full-attendance", "satisfaction", "push-rate", "error-free"];
        Assert.All(kinds, k => Assert.All(new[] { "paid", "no value", "unpaid" }, o =>
            Assert.True(seen.Contains($"{k}:{o}"), $"{k}:{o} never reached ({string.Join(", ", seen.Order())})")));
    }
}
