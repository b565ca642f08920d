using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>
/// Help share, AHT, mean quality score, repeat-call share and the first-contact-resolution proxy over a month: sums
/// first, ratios after (RULES.md's catalogue), worked by hand on two days whose daily ratios would mean otherwise.
/// </summary>
public sealed class MonthlyMetricTests
{
    // Line numbers below count from the opening brace on line 1.
    private const string Rules = """
        {
          "scheme": "positive-incentive",
          "version": "monthly-1",
          "effectiveFrom": "2026-10-01",
          "monthly": [
            { "kind": "metric", "name": "help", "dimension": "dailyBehaviour", "metric": "help-share", "minimum": 20,
              "direction": "lower", "tiers": [ { "atMost": 0.10, "points": 2 }, { "atMost": 0.16, "points": 1 } ] },
            { "kind": "metric", "name": "handling", "dimension": "workQuality", "metric": "aht", "period": "monthly",
              "direction": "lower", "linear": { "lower": 300, "upper": 400, "points": 2 } },
            { "kind": "metric", "name": "quality", "dimension": "workQuality", "metric": "mean-quality-score", "minimum": 3,
              "direction": "higher", "linear": { "lower": 60, "upper": 90, "points": 3 } },
            { "kind": "metric", "name": "repeats", "dimension": "workQuality", "metric": "repeat-call-share",
              "direction": "lower", "tiers": [ { "atMost": 0.2, "points": 2 } ] },
            { "kind": "metric", "name": "resolved", "dimension": "workQuality", "metric": "first-contact-resolution", "minimum": 30,
              "direction": "higher", "linear": { "lower": 0.6, "upper": 1.0, "points": 4 } }
          ]
        }
        """;

    // 1 Oct: 30 calls, 9 000 s handled, help on 3, 20 identified of which 2 repeats, 2 scored inspections summing 170.
    // 2 Oct: 10 calls, 5 000 s handled, help on 3, 10 identified of which 4 repeats, 1 scored inspection of 60.
    // Month: help 6/40 = 0.15 (the days' mean 0.20); AHT 14 000/40 = 350 s (mean 400); quality 230/3 = 76.67 (mean 72.5);
    // repeats 6/30 = 0.20 (mean 0.25); first-contact resolution 24/30 = 0.80.
    private static readonly AgentDayMetrics[] Days =
    [
        AgentDay("A", 30, 9000, date: new DateOnly(2026, 10, 1)) with
        {
            HelpRequests = 3, IdentifiedCalls = 20, RepeatCalls = 2, CallsInspected = 2, QualityScored = 2, QualityScoreSum = 170m,
        },
        AgentDay("A", 10, 5000, date: new DateOnly(2026, 10, 2)) with
        {
            HelpRequests = 3, IdentifiedCalls = 10, RepeatCalls = 4, CallsInspected = 1, QualityScored = 1, QualityScoreSum = 60m,
        },
    ];

    private static RulesDocument Load(string json)
    {
        var result = RulesDocument.Parse(json);
        Assert.True(result.Succeeded, result.Describe());
        return result.Value!;
    }

    private static IReadOnlyList<LedgerEntry> Close(MonthFigures? figures = null) =>
        new MonthScorer(Load(Rules)).Score(new MonthInput { AgentId = "A", Month = October, Department = "D1", Days = figures is null ? Days : [], Figures = figures }).Entries;

    [Fact]
    public void Each_monthly_ratio_divides_the_months_sums()
    {
        var entries = Close();

        var help = entries.Single("A", "help");
        Assert.Equal((1m, "answered-calls=40 min=20 help-requests=6 answered-calls=40 help-share=0.1500", 0.15), (help.Points, help.Inputs, help.Measure!.Value));
        var handling = entries.Single("A", "handling");
        Assert.Equal((1m, "aht=350.0", 350d), (handling.Points, handling.Inputs, handling.Measure!.Value));
        var quality = entries.Single("A", "quality");
        Assert.Equal((1.67m, "quality-scored=3 min=3 mean-quality-score=76.67"), (quality.Points, quality.Inputs));
        Assert.Equal(230.0 / 3, quality.Measure!.Value, 9);
        var repeats = entries.Single("A", "repeats");
        Assert.Equal((2m, "repeat-calls=6 identified-calls=30 repeat-call-share=0.2000", 0.2), (repeats.Points, repeats.Inputs, repeats.Measure!.Value));
        var resolved = entries.Single("A", "resolved");
        Assert.Equal((2m, "identified-calls=30 min=30 first-contact-resolution=0.8000", 0.8), (resolved.Points, resolved.Inputs, resolved.Measure!.Value));
        Assert.All(entries.Where(e => e.Rule is "help" or "handling" or "quality" or "repeats" or "resolved"), e => Assert.Equal(LedgerPeriod.OfMonth(October), e.Period));
    }

    [Fact]
    public void The_stored_month_figures_score_as_the_days_do()
    {
        var figures = MonthFigures.Of(Days, []);

        Assert.Equal(
            Close().Select(e => (e.Rule, e.Points, e.Inputs, e.Measure)),
            Close(figures).Select(e => (e.Rule, e.Points, e.Inputs, e.Measure)));
    }

    [Fact]
    public void Figures_begun_before_the_sums_were_kept_have_no_monthly_value_and_say_so()
    {
        var legacy = MonthFigures.Of(Days, []) with { HasCallDetailSums = false };

        var help = Close(legacy).Single("A", "help");
        Assert.Equal((0m, "help-share=none", MetricCatalogue.NoDetailSums, (double?)null), (help.Points, help.Inputs, help.Reason, help.Measure));
        Assert.Null(Close(legacy).Single("A", "resolved").Measure);
    }

    [Theory]
    [InlineData("talk-seconds")]
    [InlineData("short-call-share")]
    [InlineData("e")]
    public void A_metric_without_a_monthly_value_is_refused_in_monthly_at_its_line(string metric)
    {
        var result = RulesDocument.Parse(Rules.Replace("\"metric\": \"aht\"", $"\"metric\": \"{metric}\"", StringComparison.Ordinal));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString() == $"line 8: rule 'handling' metric '{metric}' has no monthly value (only daily): put the rule in \"daily\"");
    }

    [Fact]
    public void The_catalogue_gives_these_metrics_both_periods()
    {
        foreach (var name in new[] { "help-requests", "help-share", "aht", "quality-scored", "mean-quality-score", "identified-calls", "repeat-calls", "repeat-call-share", "first-contact-resolution" })
        {
            var metric = MetricCatalogue.Get(name);
            Assert.True(metric.Has(MetricPeriod.Daily) && metric.Has(MetricPeriod.Monthly), name);
        }
    }
}
