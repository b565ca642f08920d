using FsCheck;
using FsCheck.Xunit;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>A what-if sums each agent's month from its days' figures: that sum must be the figures of the days taken together.</summary>
public sealed class MonthFiguresSumProperties
{
    private static readonly Dimension[] Dimensions = [Dimension.WorkQuality, Dimension.DailyBehaviour, Dimension.Workload];

    [Property]
    public void The_sum_of_each_days_figures_is_the_figures_of_the_days_together(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var days = Enumerable.Range(1, random.Next(1, 31)).Select(d => new DateOnly(2026, 10, d)).ToList();
        var metrics = days.ToDictionary(d => d, d => new AgentDayMetrics
        {
            AgentId = "A1", Date = d, AnsweredCalls = random.Next(0, 80), SurveysPushed = random.Next(0, 40), SurveysAnswered = random.Next(0, 20),
            SurveysSatisfied = random.Next(0, 20), CallsInspected = random.Next(0, 5), Errors = random.Next(0, 2), ConductEvents = random.Next(0, 2),
            ConductSeverity = random.Next(0, 3), HasTimeRecord = random.Next(4) > 0, ScheduledSeconds = random.Next(0, 2) * 28_800, SignedInSeconds = random.Next(20_000, 30_000),
        });
        var entries = days.ToDictionary(d => d, d => (IReadOnlyList<LedgerEntry>)[.. Enumerable.Range(0, random.Next(0, 4)).Select(i => new LedgerEntry
        {
            AgentId = "A1", Period = LedgerPeriod.Day(d), Rule = $"rule-{i}", Dimension = Dimensions[random.Next(Dimensions.Length)],
            Points = random.Next(0, 300) / 100m, Inputs = "", RulesVersion = "v", Department = "D1", Measure = random.Next(3) == 0 ? null : random.NextDouble() * 150,
        })]);

        var together = MonthFigures.Of(metrics.Values, entries.Values.SelectMany(e => e));
        var summed = MonthFigures.Sum(days.Select(d => MonthFigures.Of([metrics[d]], entries[d])));

        // The counts compared whole, the collections (which have no order) apart; one instance each, so record equality holds.
        IReadOnlyList<ScheduledDay> noDays = [];
        var noPoints = new Dictionary<Dimension, decimal>();
        var noMeasures = new Dictionary<string, MeasureSum>();
        Assert.Equal(together with { ScheduledDays = noDays, DailyPoints = noPoints, Measures = noMeasures }, summed with { ScheduledDays = noDays, DailyPoints = noPoints, Measures = noMeasures });
        Assert.Equal(together.ScheduledDays.OrderBy(s => s.SignedInSeconds).ThenBy(s => s.ScheduledSeconds), summed.ScheduledDays.OrderBy(s => s.SignedInSeconds).ThenBy(s => s.ScheduledSeconds));
        Assert.Equal(together.DailyPoints.OrderBy(p => p.Key), summed.DailyPoints.OrderBy(p => p.Key));
        Assert.Equal(together.Measures.OrderBy(m => m.Key, StringComparer.Ordinal), summed.Measures.OrderBy(m => m.Key, StringComparer.Ordinal));
    }
}
