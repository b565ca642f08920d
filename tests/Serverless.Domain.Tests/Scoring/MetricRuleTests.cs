using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>Rules of kind <c>metric</c> on metrics no named kind scores: worked by hand (RULES.md, "Metric rules").</summary>
public sealed class MetricRuleTests
{
    // Line numbers below count from the opening brace on line 1.
    private const string Rules = """
        {
          "scheme": "positive-incentive",
          "version": "metrics-1",
          "effectiveFrom": "2026-10-01",
          "daily": [
            { "kind": "metric", "name": "few-help-requests", "dimension": "dailyBehaviour",
              "metric": "help-share", "period": "daily", "minimum": 10, "direction": "lower",
              "tiers": [ { "atMost": 0.05, "points": 0.4 }, { "atMost": 0.10, "points": 0.2 } ] },
            { "kind": "metric", "name": "quick-handling", "dimension": "workQuality",
              "metric": "aht", "direction": "lower", "linear": { "lower": 240, "upper": 360, "points": 2 } }
          ],
          "monthly": [
            { "kind": "metric", "name": "surveyed", "dimension": "workQuality",
              "metric": "surveys-answered", "period": "monthly", "direction": "higher",
              "linear": { "lower": 10, "upper": 30, "points": 4 } }
          ]
        }
        """;

    private static RulesDocument Load(string json)
    {
        var result = RulesDocument.Parse(json);
        Assert.True(result.Succeeded, result.Describe());
        return result.Value!;
    }

    private static string Only(string json)
    {
        var result = RulesDocument.Parse(json);
        Assert.False(result.Succeeded, "the file loaded");
        return Assert.Single(result.Errors).ToString();
    }

    private static LedgerEntry Daily(string rule, AgentDayMetrics day) =>
        new DailyScorer(Load(Rules)).Score(day, "D1", "S1", PeerNorms.Empty).Single("A", rule);

    [Theory]
    // 2 help requests in 40 calls = 5 %: the strict tier; 3 in 40 = 7.5 %: the looser one; 5 in 40: neither.
    [InlineData(40, 2, 0.4, null, "answered-calls=40 min=10 help-requests=2 answered-calls=40 help-share=0.0500")]
    [InlineData(40, 3, 0.2, null, "answered-calls=40 min=10 help-requests=3 answered-calls=40 help-share=0.0750")]
    [InlineData(40, 5, 0, "above every tier", "answered-calls=40 min=10 help-requests=5 answered-calls=40 help-share=0.1250")]
    // Fewer answered calls than the minimum: nothing to judge, no measure.
    [InlineData(9, 0, 0, "answered-calls below the minimum 10", "answered-calls=9 min=10")]
    public void A_help_share_rule_pays_its_tiers_from_its_minimum(int answered, int help, double points, string? reason, string inputs)
    {
        var entry = Daily("few-help-requests", AgentDay("A", answered, answered * 300L) with { HelpRequests = help });

        Assert.Equal(((decimal)points, reason, inputs, Dimension.DailyBehaviour), (entry.Points, entry.Reason, entry.Inputs, entry.Dimension));
        Assert.Equal(answered >= 10 ? (double)help / answered : null, entry.Measure);
    }

    [Theory]
    // Lower is better: 2 points at or below 240 s, 0 at or above 360 s, on the line between: 300 s → 1, 270 s → 1.5.
    [InlineData(200, 2)]
    [InlineData(240, 2)]
    [InlineData(270, 1.5)]
    [InlineData(300, 1)]
    [InlineData(359, 0.02)]
    [InlineData(400, 0)]
    public void An_aht_line_pays_more_the_quicker_the_handling(long aht, double points)
    {
        var entry = Daily("quick-handling", AgentDay("A", 10, 10 * aht));

        Assert.Equal((decimal)points, entry.Points);
        Assert.Equal($"aht={aht}.0", entry.Inputs);
        Assert.Equal(aht, entry.Measure);
    }

    [Fact]
    public void A_day_without_the_metric_scores_nothing_and_says_why()
    {
        var entry = Daily("quick-handling", AgentDay("A", 0, 0));

        Assert.Equal((0m, "no answered calls", "aht=none", (double?)null), (entry.Points, entry.Reason, entry.Inputs, entry.Measure));
    }

    [Fact]
    public void A_monthly_metric_rule_reads_the_months_sums()
    {
        // 12 + 8 surveys answered over two days = 20: half way up the line from 10 to 30, 2 of 4 points.
        var days = new[] { AgentDay("A", 30, 9000, date: new DateOnly(2026, 10, 1)) with { SurveysAnswered = 12 }, AgentDay("A", 30, 9000, date: new DateOnly(2026, 10, 2)) with { SurveysAnswered = 8 } };
        var score = new MonthScorer(Load(Rules)).Score(new MonthInput { AgentId = "A", Month = October, Department = "D1", Days = days });
        var entry = score.Entries.Single("A", "surveyed");

        Assert.Equal((2m, "surveys-answered=20", 20d, (string?)null), (entry.Points, entry.Inputs, entry.Measure, entry.Reason));
    }

    [Fact]
    public void Metric_rules_read_only_the_exports_of_their_metric()
    {
        var rules = Load(Rules);

        Assert.Equal([Serverless.Domain.Exports.ExportKind.Calls], rules.Daily[0].Reads);
        Assert.Equal([Serverless.Domain.Exports.ExportKind.Calls], rules.Monthly[0].Reads);
    }

    [Fact]
    public void An_unknown_metric_is_refused_at_its_line_with_the_catalogue()
    {
        var message = Only(Rules.Replace("\"metric\": \"aht\"", "\"metric\": \"handle-time\"", StringComparison.Ordinal));

        Assert.StartsWith("line 10: rule 'quick-handling' metric 'handle-time' is not in the catalogue: use one of answered-calls, talk-seconds,", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_the_month_figures_do_not_hold_is_refused_in_monthly()
    {
        var message = Only(Rules.Replace("\"metric\": \"surveys-answered\"", "\"metric\": \"talk-seconds\"", StringComparison.Ordinal));

        Assert.Equal("line 14: rule 'surveyed' metric 'talk-seconds' has no monthly value (only daily): put the rule in \"daily\"", message);
    }

    [Fact]
    public void A_period_that_contradicts_the_list_is_refused()
    {
        var message = Only(Rules.Replace("\"period\": \"daily\"", "\"period\": \"monthly\"", StringComparison.Ordinal));

        Assert.Equal("line 7: rule 'few-help-requests' period monthly: the rule is in \"daily\"; move it or drop \"period\"", message);
    }

    [Fact]
    public void A_share_threshold_given_as_a_percentage_is_refused()
    {
        var message = Only(Rules.Replace("\"atMost\": 0.10", "\"atMost\": 10", StringComparison.Ordinal));

        Assert.Equal("line 8: rule 'few-help-requests' tier atMost 10: 'help-share' is a share, give a fraction between 0 and 1 (0.95, not 95)", message);
    }

    [Fact]
    public void Tiers_against_the_direction_are_refused()
    {
        var message = Only(Rules.Replace("{ \"atMost\": 0.05, \"points\": 0.4 }", "{ \"atLeast\": 0.05, \"points\": 0.4 }", StringComparison.Ordinal));

        Assert.Contains("line 8: rule 'few-help-requests' tier: needs \"atMost\" (direction lower)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_whose_upper_is_not_above_its_lower_is_refused()
    {
        var message = Only(Rules.Replace("\"upper\": 360", "\"upper\": 240", StringComparison.Ordinal));

        Assert.Equal("line 10: rule 'quick-handling' linear upper 240: must be above lower 240", message);
    }

    [Fact]
    public void A_minimum_on_a_metric_without_a_basis_is_refused()
    {
        var message = Only(Rules.Replace("\"period\": \"monthly\",", "\"period\": \"monthly\", \"minimum\": 3,", StringComparison.Ordinal));

        Assert.Equal("line 14: rule 'surveyed' minimum 3: metric 'surveys-answered' has no basis to count a minimum of; drop \"minimum\"", message);
    }

    [Fact]
    public void Both_a_line_and_tiers_are_refused()
    {
        var message = Only(Rules.Replace("\"linear\": { \"lower\": 240, \"upper\": 360, \"points\": 2 }", "\"linear\": { \"lower\": 240, \"upper\": 360, \"points\": 2 }, \"tiers\": [ { \"atMost\": 300, \"points\": 1 } ]", StringComparison.Ordinal));

        Assert.Equal("line 9: rule 'quick-handling': give exactly one of \"linear\" ({lower, upper, points}) or \"tiers\"", message);
    }

    [Fact]
    public void Negative_points_on_a_line_are_refused_under_positive_incentive()
    {
        var message = Only(Rules.Replace("\"points\": 2 }", "\"points\": -2 }", StringComparison.Ordinal));

        Assert.Equal("line 10: rule 'quick-handling' points -2: positive-incentive allows no negative points", message);
    }

    [Fact]
    public void The_eight_kinds_have_their_metric_forms_and_the_presets_load_in_them()
    {
        foreach (var preset in new[] { Positive, Workload })
        {
            var metric = MetricAliases.ToMetricRules(preset)!;
            var reloaded = RulesDocument.Parse(metric.ToJson());
            Assert.True(reloaded.Succeeded, reloaded.Describe());
            Assert.Equal(preset.Daily.Select(r => r.RuleName).Concat(preset.Monthly.Select(r => r.RuleName)),
                reloaded.Value!.Daily.Select(r => r.RuleName).Concat(reloaded.Value.Monthly.Select(r => r.RuleName)));
        }
        var forms = MetricAliases.ToMetricRules(Positive)!;
        Assert.Equal(["e", "signed-in-share", "adherence", "not-ready-share", "conduct-events"], forms.Daily.Cast<DailyMetricRule>().Select(r => r.Metric));
        Assert.Equal(["attended-day-share", "satisfaction-rate", "push-rate", "error-rate"], forms.Monthly.Cast<MonthlyMetricRule>().Select(r => r.Metric));
        Assert.Equal(new MetricLinear(80, 120, 3), ((DailyMetricRule)forms.Daily[0]).Linear);
    }

    [Fact]
    public void The_catalogue_names_every_metric_once_with_a_unit_a_period_and_a_definition()
    {
        Assert.Equal(MetricCatalogue.All.Count, MetricCatalogue.All.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(MetricCatalogue.All, m => Assert.True(m.IsDaily || m.IsMonthly, m.Name));
        Assert.All(MetricCatalogue.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Definition), m.Name));
        Assert.All(MetricCatalogue.All.Where(m => m.Basis is not null), m => Assert.Equal(MetricUnit.Count, MetricCatalogue.Get(m.Basis!).Unit));
        Assert.All(MetricCatalogue.All.Where(m => m.Ratio is not null), m => Assert.True(MetricCatalogue.TryGet(m.Ratio!.Value.Numerator, out _) && MetricCatalogue.TryGet(m.Ratio.Value.Denominator, out _), m.Name));
    }
}
