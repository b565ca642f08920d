using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

public sealed class RuleBookTests
{
    private static readonly RulesDocument January = Positive;
    private static readonly RulesDocument July = Positive with { Version = "2026.2", EffectiveFrom = new DateOnly(2026, 7, 1) };

    [Fact]
    public void The_latest_version_in_force_on_a_day_scores_it()
    {
        var book = RuleBook.Create([July, January]).Value!;

        Assert.Null(book.InForceOn(new DateOnly(2025, 12, 31)));
        Assert.Equal("2026.1", book.InForceOn(new DateOnly(2026, 1, 1))!.Version);
        Assert.Equal("2026.1", book.InForceOn(new DateOnly(2026, 6, 30))!.Version);
        Assert.Equal("2026.2", book.InForceOn(new DateOnly(2026, 7, 1))!.Version);
        Assert.Equal("2026.2", book.InForceOn(new DateOnly(2027, 1, 1))!.Version);
    }

    [Fact]
    public void Two_versions_taking_effect_the_same_day_are_refused()
    {
        var result = RuleBook.Create([January, January with { Version = "2026.1b" }]);

        Assert.False(result.Succeeded);
        Assert.Contains("both take effect on 2026-01-01", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_records_the_version_that_scored_it()
    {
        var book = RuleBook.Create([January, July]).Value!;
        var day = AgentDay("A", 20, 6000, date: new DateOnly(2026, 7, 2));

        var entries = new DailyScorer(book.InForceOn(day.Date)!).ScoreDay([(day, "D1", "S1")]);

        Assert.All(entries, e => Assert.Equal("2026.2", e.RulesVersion));
    }
}
