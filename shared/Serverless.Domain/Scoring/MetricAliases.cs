using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// The eight named kinds as rules of kind <c>metric</c> (RULES.md, "The eight kinds as metric rules"): each kind is a
/// fixed metric, direction and tier shape, and scores exactly as its metric rule does — the same points, measure and
/// dimension on every agent-day and month; only the entry's inputs and reason wording differ (the kinds keep theirs, so
/// stored ledgers and explanations do not change).
/// </summary>
public static class MetricAliases
{
    /// <summary>
    /// The metric rule a daily kind stands for; null for an efficiency curve that is not one straight segment rising
    /// from 0 points (or one flat knot), which a line cannot draw.
    /// </summary>
    public static DailyMetricRule? ToMetric(DailyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        DailyMetricRule Of(string metric, MetricDirection direction, MetricLinear? linear = null, IReadOnlyList<MetricTier>? tiers = null) => new()
        {
            Name = rule.RuleName,
            Dimension = rule.Dimension,
            Description = rule.Description,
            Metric = metric,
            Period = MetricPeriod.Daily,
            Direction = direction,
            Linear = linear,
            Tiers = tiers,
        };
        return rule switch
        {
            DailyMetricRule r => r,
            EfficiencyRule { Points: [var only] } => Of(MetricCatalogue.EfficiencyIndex, MetricDirection.Higher, tiers: [new MetricTier { AtLeast = 0, Points = only.Points }]),
            EfficiencyRule { Points: [var low, var high] } when low.Points == 0 => Of(MetricCatalogue.EfficiencyIndex, MetricDirection.Higher, new MetricLinear(low.E, high.E, high.Points)),
            EfficiencyRule => null,
            AttendanceRule r => Of("signed-in-share", MetricDirection.Higher, tiers: [new MetricTier { AtLeast = r.MinSignedInShare, Points = r.Points }]),
            AdherenceRule r => Of("adherence", MetricDirection.Higher, tiers: [new MetricTier { AtLeast = r.MinAdherence, Points = r.Points }]),
            NotReadyRule r => Of("not-ready-share", MetricDirection.Lower, tiers: [new MetricTier { AtMost = r.MaxShareOfSignedIn, Points = r.Points }]),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "A daily kind without a metric form."),
        };
    }

    /// <summary>The metric rule a monthly kind stands for.</summary>
    public static MonthlyMetricRule ToMetric(MonthlyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        MonthlyMetricRule Of(string metric, int minimum, MetricDirection direction, IReadOnlyList<MetricTier> tiers, double? minSignedInShare = null) => new()
        {
            Name = rule.RuleName,
            Dimension = rule.Dimension,
            Description = rule.Description,
            Metric = metric,
            Period = MetricPeriod.Monthly,
            Minimum = minimum,
            Direction = direction,
            Tiers = tiers,
            MinSignedInShare = minSignedInShare,
        };
        return rule switch
        {
            MonthlyMetricRule r => r,
            FullAttendanceRule r => Of(MetricCatalogue.AttendedDayShare, 1, MetricDirection.Higher, [new MetricTier { AtLeast = 1, Points = r.Points }], r.MinSignedInShare),
            SatisfactionRule r => Of("satisfaction-rate", r.MinSurveys, MetricDirection.Higher, [.. r.Tiers.Select(t => new MetricTier { AtLeast = (double)t.AtLeast, Points = t.Points })]),
            PushRateRule r => Of("push-rate", r.MinCalls, MetricDirection.Higher, [.. r.Tiers.Select(t => new MetricTier { AtLeast = (double)t.AtLeast, Points = t.Points })]),
            ErrorFreeRule r => Of("error-rate", r.MinInspected, MetricDirection.Lower, [.. r.Tiers.Select(t => new MetricTier { AtMost = (double)t.AtMost, Points = t.Points })]),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "A monthly kind without a metric form."),
        };
    }

    /// <summary>The document with every rule in its metric form; null when one efficiency curve has none.</summary>
    public static RulesDocument? ToMetricRules(RulesDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var daily = document.Daily.Select(ToMetric).ToList();
        if (daily.Any(r => r is null)) return null;
        return document with { Daily = [.. daily.Select(r => (DailyRule)r!)], Monthly = [.. document.Monthly.Select(r => (MonthlyRule)ToMetric(r))] };
    }
}
