using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

public sealed class InvalidRulesTests
{
    // Line numbers below count from the opening brace on line 1.
    private const string Valid = """
        {
          "scheme": "positive-incentive",
          "version": "test",
          "effectiveFrom": "2026-03-01",
          "efficiency": { "a": 0.5, "minGroupSize": 3, "shortCallSeconds": 10, "shortCallShareMax": 0.1 },
          "daily": [
            { "kind": "efficiency", "dimension": "workQuality",
              "points": [ { "e": 80, "points": 0 }, { "e": 120, "points": 3 } ] },
            {
              "kind": "adherence",
              "dimension": "dailyBehaviour",
              "minAdherence": 0.95,
              "points": 0.5
            }
          ],
          "monthly": [
            { "kind": "satisfaction", "dimension": "workQuality", "minSurveys": 20,
              "tiers": [
                { "atLeast": 0.98, "points": 6 },
                { "atLeast": 0.99, "points": 12 }
              ] }
          ],
          "bonus": [
            { "name": "A", "share": 0.05, "amount": 1000 },
            { "name": "B", "share": 0.10, "amount": 600 }
          ]
        }
        """;

    private static string Only(string json)
    {
        var result = RulesDocument.Parse(json);
        Assert.False(result.Succeeded);
        Assert.Null(result.Value);
        return Assert.Single(result.Errors).ToString();
    }

    [Fact]
    public void The_valid_base_file_loads()
    {
        var result = RulesDocument.Parse(Valid);

        Assert.True(result.Succeeded, result.Describe());
    }

    [Fact]
    public void Negative_points_under_positive_incentive_are_refused_at_their_line()
    {
        var message = Only(Valid.Replace("\"points\": 0.5", "\"points\": -0.5", StringComparison.Ordinal));

        Assert.Equal("line 13: rule 'adherence' points -0.5: positive-incentive allows no negative points", message);
    }

    [Fact]
    public void A_syntax_error_names_its_line()
    {
        var message = Only(Valid.Replace("\"minAdherence\": 0.95,", "\"minAdherence\": 0.95", StringComparison.Ordinal));

        Assert.StartsWith("line 13:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_rule_kind_names_its_line()
    {
        var message = Only(Valid.Replace("\"kind\": \"adherence\"", "\"kind\": \"punctuality\"", StringComparison.Ordinal));

        Assert.StartsWith("line 10:", message, StringComparison.Ordinal);
        Assert.Contains("punctuality", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_property_is_an_error_not_a_silent_default()
    {
        var message = Only(Valid.Replace("\"minAdherence\"", "\"minAdherance\"", StringComparison.Ordinal));

        Assert.Contains("minAdherance", message, StringComparison.Ordinal);
        Assert.StartsWith("line 12:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tier_thresholds_out_of_order_are_refused()
    {
        var message = Only(Valid.Replace("\"atLeast\": 0.99", "\"atLeast\": 0.97", StringComparison.Ordinal));

        Assert.Equal("line 20: rule 'satisfaction' tier atLeast 0.97: thresholds out of order, list tiers from the lowest threshold up", message);
    }

    [Fact]
    public void Efficiency_knots_out_of_order_are_refused()
    {
        var message = Only(Valid.Replace("\"e\": 120", "\"e\": 70", StringComparison.Ordinal));

        Assert.StartsWith("line 8: rule 'efficiency' knot e 70: thresholds out of order", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bonus_shares_not_increasing_are_refused()
    {
        var message = Only(Valid.Replace("\"share\": 0.10", "\"share\": 0.05", StringComparison.Ordinal));

        Assert.StartsWith("line 25: bonus tier 'B' share 0.05: shares not increasing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_bonus_under_positive_incentive_is_refused()
    {
        var message = Only(Valid.Replace("\"amount\": 600", "\"amount\": -600", StringComparison.Ordinal));

        Assert.StartsWith("line 25: bonus tier 'B' amount -600", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_efficiency_rule_without_the_efficiency_section_is_refused()
    {
        var message = Only(Valid.Replace("\"efficiency\": {", "\"unused\": {", StringComparison.Ordinal));

        Assert.StartsWith("line 5:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_line_order()
    {
        var json = Valid
            .Replace("\"points\": 0.5", "\"points\": -0.5", StringComparison.Ordinal)
            .Replace("\"a\": 0.5", "\"a\": 1.5", StringComparison.Ordinal);

        var result = RulesDocument.Parse(json);

        Assert.Equal([5, 13], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void Positive_incentive_allows_no_deducting_adjustments()
    {
        var json = Valid.Replace("\"bonus\":", "\"adjustments\": { \"dimension\": \"other\", \"allowDeductions\": true },\n  \"bonus\":", StringComparison.Ordinal);

        Assert.Equal("line 23: adjustments allowDeductions true: positive-incentive allows no negative points", Only(json));
    }

    [Fact]
    public void Workload_allows_a_deducting_rule_only_with_a_reason()
    {
        var workload = Valid
            .Replace("positive-incentive", "workload", StringComparison.Ordinal)
            .Replace("\"bonus\":", "\"workload\": { \"weight\": 1, \"eta\": { \"single\": 1, \"primary\": 1.1, \"secondary\": 1 }, \"items\": {} },\n  \"bonus\":", StringComparison.Ordinal)
            .Replace("\"points\": 0.5", "\"points\": -0.5", StringComparison.Ordinal);
        var withReason = workload.Replace("\"minAdherence\": 0.95,", "\"minAdherence\": 0.95, \"description\": \"adherence below target\",", StringComparison.Ordinal);

        Assert.Equal("line 13: rule 'adherence' points -0.5: a deduction needs a reason; give the rule a \"description\"", Only(workload));
        Assert.True(RulesDocument.Parse(withReason).Succeeded, RulesDocument.Parse(withReason).Describe());
    }

    [Fact]
    public void A_document_round_trips_through_its_json()
    {
        var preset = RulePresets.Load(RulePresets.PositiveIncentive);

        var again = RulesDocument.Parse(preset.ToJson());

        Assert.True(again.Succeeded, again.Describe());
        Assert.Equal(preset.ToJson(), again.Value!.ToJson());
    }
}
