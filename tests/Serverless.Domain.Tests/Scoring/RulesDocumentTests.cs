using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

public sealed class RulesDocumentTests
{
    [Theory]
    [InlineData(RulePresets.PositiveIncentive)]
    [InlineData(RulePresets.Workload)]
    public void Both_presets_load_and_validate(string name)
    {
        var result = RulesDocument.Parse(RulePresets.ReadJson(name));

        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal("2026.1", result.Value!.Version);
    }

    [Fact]
    public void The_positive_incentive_preset_carries_the_numbers_of_the_spec()
    {
        var rules = RulePresets.Load(RulePresets.PositiveIncentive);

        Assert.Equal(RuleScheme.PositiveIncentive, rules.Scheme);
        Assert.Equal(new DateOnly(2026, 1, 1), rules.EffectiveFrom);
        Assert.Equal(0.5, rules.Efficiency!.A);
        Assert.Equal(3, rules.Efficiency.MinGroupSize);
        Assert.Equal(30m, rules.Caps[Dimension.DailyBehaviour]);
        Assert.Equal(80m, rules.Caps[Dimension.WorkQuality]);
        Assert.Equal(["efficiency", "attendance", "adherence", "not-ready", "conduct"], rules.Daily.Select(r => r.RuleName));
        // The seed's items: 遵时率 under 工作质量, 行为规范 under 日常行为, 话务接听占比 weighed 0 in E.
        Assert.Equal(Dimension.WorkQuality, rules.Daily.Single(r => r.RuleName == "adherence").Dimension);
        Assert.Equal((Dimension.DailyBehaviour, "conduct-events"), rules.Daily.OfType<DailyMetricRule>().Select(r => (r.Dimension, r.Metric)).Single());
        Assert.Equal(0, rules.Efficiency.AnswerShareWeight);
        Assert.Equal(["full-attendance", "satisfaction", "push-rate", "error-free"], rules.Monthly.Select(r => r.RuleName));
        Assert.Equal([3m, 5m, 10m, 20m, 40m], rules.TeamBuilding!.Values["honour"]);
        Assert.Equal(new Serverless.Domain.Publishing.BonusTier("B", 0.10m, 600m), rules.Bonus[1]);
        Assert.Equal(new Serverless.Domain.Publishing.StarThreshold(5, 3000m), rules.Stars[4]);
    }
}
