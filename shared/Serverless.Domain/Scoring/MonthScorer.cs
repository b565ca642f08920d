using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// Closes one agent's month under one rules document (月度结算): monthly rules over the month's totals, team building
/// with its half cap, leader adjustments the scheme allows, and the per-dimension caps. Pure and deterministic.
/// </summary>
/// <remarks>
/// Caps never appear as negative entries (positive-incentive has none): a capped dimension gets a 0-point
/// "cap:{dimension}" entry whose inputs say how much was earned and how much counted, and <see cref="MonthTotals"/>
/// carries the counted figures. The month's points are the totals, not the sum of the ledger rows.
/// </remarks>
public sealed class MonthScorer
{
    private readonly HashSet<string> efficiencyRules;

    public MonthScorer(RulesDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Rules = document;
        // The mean E of the month (the ranking's tie-break) reads every daily rule that scores E, whichever its kind.
        efficiencyRules = document.Daily
            .Where(r => r is EfficiencyRule || r is DailyMetricRule { Metric: MetricCatalogue.EfficiencyIndex })
            .Select(r => r.RuleName).ToHashSet(StringComparer.Ordinal);
    }

    public RulesDocument Rules { get; }

    /// <summary>The rule name of the month's team-building entry for one award item and level.</summary>
    public static string TeamBuildingRule(AwardItem item, AwardLevel level) => $"team-building:{AwardNames.Of(item)}:{AwardNames.Of(level)}";

    public MonthScore Score(MonthInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Check(input);
        var period = LedgerPeriod.OfMonth(input.Month);
        var entries = new List<LedgerEntry>();
        var figures = input.Figures ?? MonthFigures.Of(input.Days, input.DailyEntries);

        foreach (var rule in Rules.Monthly)
        {
            var (points, inputs, reason, measure) = rule switch
            {
                FullAttendanceRule r => FullAttendance(r, figures),
                SatisfactionRule r => Satisfaction(r, figures),
                PushRateRule r => PushRate(r, figures),
                ErrorFreeRule r => ErrorFree(r, figures),
                MonthlyMetricRule r => Metric(r, figures),
                _ => throw new InvalidOperationException($"Monthly rule kind {rule.Kind} has no scorer."),
            };
            entries.Add(Entry(input, period, rule.RuleName, rule.Dimension, points, inputs, points < 0 ? rule.Description : reason, measure));
        }

        var (teamEntries, halfCapped) = TeamBuilding(input, period);
        entries.AddRange(teamEntries);
        entries.AddRange(Adjustments(input, period));

        var earned = new SortedDictionary<Dimension, decimal>(figures.DailyPoints.ToDictionary());
        foreach (var entry in entries)
        {
            earned[entry.Dimension] = earned.GetValueOrDefault(entry.Dimension) + entry.Points;
        }
        foreach (var dimension in Rules.Caps.Keys) earned.TryAdd(dimension, 0m);

        var totals = new List<DimensionTotal>(earned.Count);
        if (halfCapped is { } half) entries.Add(half.Entry);
        foreach (var (dimension, points) in earned)
        {
            var counted = dimension == Dimension.TeamBuilding && halfCapped is { } h ? points - h.NotCounted : points;
            if (Rules.Caps.TryGetValue(dimension, out var cap) && counted > cap)
            {
                entries.Add(Entry(input, period, "cap:" + RulesValidator.DimensionName(dimension), dimension, 0m,
                    $"earned={N(counted)} cap={N(cap)} notCounted={N(counted - cap)}",
                    $"monthly cap: {RulesValidator.DimensionName(dimension)} counts at most {N(cap)} points a month", null));
                counted = cap;
            }
            totals.Add(new DimensionTotal(dimension, points, counted));
        }

        return new MonthScore(entries, new MonthTotals
        {
            AgentId = input.AgentId,
            Month = input.Month,
            Department = input.Department,
            RulesVersion = Rules.Version,
            Dimensions = totals,
            Points = totals.Sum(t => t.Counted),
            MeanEfficiency = MeanEfficiency(figures),
            ScheduledDays = figures.ScheduledDays.Count,
            WorkItemDays = figures.WorkItemDays,
        });
    }

    private static void Check(MonthInput input)
    {
        foreach (var day in input.Days)
        {
            if (day.AgentId != input.AgentId || YearMonth.Of(day.Date) != input.Month)
                throw new ArgumentException($"Metrics of {day.AgentId}@{day.Date:yyyy-MM-dd} do not belong to {input.AgentId}'s {input.Month}.", nameof(input));
        }
        if (input.Days.GroupBy(d => d.Date).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"{input.AgentId} has two metrics for {twice.Key:yyyy-MM-dd}; combine them first (AgentDayMetrics.Combine).", nameof(input));
        foreach (var entry in input.DailyEntries)
        {
            if (entry.AgentId != input.AgentId || entry.Period.Kind != LedgerPeriodKind.Day || entry.Period.Month != input.Month)
                throw new ArgumentException($"Entry {entry.Rule} of {entry.AgentId}@{entry.Period} is not a daily entry of {input.AgentId}'s {input.Month}.", nameof(input));
        }
        foreach (var award in input.Awards)
        {
            if (award.AgentId != input.AgentId || YearMonth.Of(award.Date) != input.Month)
                throw new ArgumentException($"Award of {award.AgentId}@{award.Date:yyyy-MM-dd} does not belong to {input.AgentId}'s {input.Month}.", nameof(input));
        }
        foreach (var adjustment in input.Adjustments)
        {
            if (adjustment.AgentId != input.AgentId || YearMonth.Of(adjustment.Date) != input.Month)
                throw new ArgumentException($"Adjustment {adjustment.Id} of {adjustment.AgentId}@{adjustment.Date:yyyy-MM-dd} does not belong to {input.AgentId}'s {input.Month}.", nameof(input));
        }
    }

    private static (decimal, string, string?, double?) FullAttendance(FullAttendanceRule rule, MonthFigures figures)
    {
        var scheduled = 0;
        var attended = 0;
        foreach (var day in figures.ScheduledDays)
        {
            scheduled++;
            if (day.SignedInSeconds >= rule.MinSignedInShare * day.ScheduledSeconds - 1e-9 * day.ScheduledSeconds) attended++;
        }
        var inputs = $"attended={attended}/{scheduled} min={N(rule.MinSignedInShare)}";
        if (scheduled == 0) return (0m, inputs, "no scheduled day this month", null);
        var share = (double)attended / scheduled;
        return attended == scheduled
            ? (rule.Points, inputs, null, share)
            : (0m, inputs, "a scheduled day was not attended", share);
    }

    private static (decimal, string, string?, double?) Satisfaction(SatisfactionRule rule, MonthFigures figures)
    {
        var answered = figures.SurveysAnswered;
        var satisfied = figures.SurveysSatisfied;
        if (answered < rule.MinSurveys)
            return (0m, $"satisfied={satisfied}/{answered} minSurveys={rule.MinSurveys}", "fewer surveys answered than minSurveys", null);
        var rate = (decimal)satisfied / answered;
        return Best(rule.Tiers, rate, $"satisfied={satisfied}/{answered} rate={Rate(rate)} minSurveys={rule.MinSurveys}");
    }

    private static (decimal, string, string?, double?) PushRate(PushRateRule rule, MonthFigures figures)
    {
        var calls = figures.AnsweredCalls;
        var pushed = figures.SurveysPushed;
        if (calls < rule.MinCalls)
            return (0m, $"pushed={pushed}/{calls} minCalls={rule.MinCalls}", "fewer answered calls than minCalls", null);
        var rate = (decimal)pushed / calls;
        return Best(rule.Tiers, rate, $"pushed={pushed}/{calls} rate={Rate(rate)}");
    }

    private static (decimal, string, string?, double?) ErrorFree(ErrorFreeRule rule, MonthFigures figures)
    {
        var inspected = figures.CallsInspected;
        var errors = figures.Errors;
        if (inspected < rule.MinInspected)
            return (0m, $"errors={errors}/{inspected} minInspected={rule.MinInspected}", "fewer calls inspected than minInspected", null);
        var rate = (decimal)errors / inspected;
        var inputs = $"errors={errors}/{inspected} rate={Rate(rate)}";
        foreach (var tier in rule.Tiers)
        {
            if (rate <= tier.AtMost) return (tier.Points, inputs, null, (double)rate);
        }
        return (0m, inputs, "error rate above every tier", (double)rate);
    }

    /// <summary>A rule of kind <c>metric</c> over the month's figures: sums first, ratios after.</summary>
    private static (decimal, string, string?, double?) Metric(MonthlyMetricRule rule, MonthFigures figures)
    {
        Span<char> buffer = stackalloc char[256];
        var inputs = new InputsWriter(buffer);
        var metric = MetricCatalogue.Get(rule.Metric);
        var parameter = rule.MinSignedInShare ?? 0;
        Func<string, double?> of = name => MetricCatalogue.Get(name).Month?.Invoke(figures, parameter);
        if (metric.ReadsDetailSums && !figures.HasCallDetailSums)
        {
            MetricScoring.None(metric, ref inputs);
            return (0m, inputs.ToString(), MetricCatalogue.NoDetailSums, null);
        }
        if (!MetricScoring.Qualifies(rule, metric, of, ref inputs, out var shortOf)) return (0m, inputs.ToString(), shortOf, null);
        if (metric.Month!(figures, parameter) is not { } value)
        {
            MetricScoring.None(metric, ref inputs);
            return (0m, inputs.ToString(), metric.Missing, null);
        }
        if (metric.Name == MetricCatalogue.AttendedDayShare)
        {
            var (attended, scheduled) = MetricCatalogue.Attendance(figures, parameter);
            inputs.Name("attended");
            inputs.Integer(attended);
            inputs.Char('/');
            inputs.Integer(scheduled);
            inputs.Name(MetricCatalogue.MinSignedInShareParameter);
            inputs.Fixed(parameter, 3);
        }
        MetricScoring.Write(metric, value, of, ref inputs);
        var (points, reason) = MetricScoring.Score(rule, value);
        return (points, inputs.ToString(), reason, value);
    }

    private static (decimal, string, string?, double?) Best(IReadOnlyList<AtLeastTier> tiers, decimal rate, string inputs)
    {
        for (var k = tiers.Count - 1; k >= 0; k--)
        {
            if (rate >= tiers[k].AtLeast) return (tiers[k].Points, inputs, null, (double)rate);
        }
        return (0m, inputs, "rate below the lowest tier", (double)rate);
    }

    private (List<LedgerEntry>, HalfCapped?) TeamBuilding(MonthInput input, LedgerPeriod period)
    {
        var entries = new List<LedgerEntry>();
        var team = Rules.TeamBuilding;
        var halfLevels = new HashSet<AwardLevel>();
        foreach (var name in team?.HalfCap?.Levels ?? [])
        {
            if (AwardNames.TryParseLevel(name, out var level)) halfLevels.Add(level);
        }
        var halfEarned = 0m;
        foreach (var group in input.Awards.GroupBy(a => (a.Item, a.Level)).OrderBy(g => g.Key.Item).ThenBy(g => g.Key.Level))
        {
            var (item, level) = group.Key;
            var count = group.Count();
            var rule = TeamBuildingRule(item, level);
            if (team is null)
            {
                entries.Add(Entry(input, period, rule, Dimension.TeamBuilding, 0m, $"count={count}", "these rules score no awards (no \"teamBuilding\" section)", null));
                continue;
            }
            if (!team.Values.TryGetValue(AwardNames.Of(item), out var values))
            {
                entries.Add(Entry(input, period, rule, Dimension.TeamBuilding, 0m, $"count={count}", "this award item has no value in these rules", null));
                continue;
            }
            var value = values[(int)level];
            var points = DailyScorer.Round(count * value);
            if (halfLevels.Contains(level)) halfEarned += points;
            entries.Add(Entry(input, period, rule, Dimension.TeamBuilding, points, $"count={count} value={N(value)}", null, null));
        }

        if (team?.HalfCap is not { } half || halfEarned <= half.Cap) return (entries, null);
        var levels = string.Join("+", half.Levels);
        var notCounted = halfEarned - half.Cap;
        var capEntry = Entry(input, period, "team-building-half-cap", Dimension.TeamBuilding, 0m,
            $"earned={N(halfEarned)} cap={N(half.Cap)} notCounted={N(notCounted)}",
            $"half cap: {levels} awards count at most {N(half.Cap)} points a month", null);
        return (entries, new HalfCapped(capEntry, notCounted));
    }

    private IEnumerable<LedgerEntry> Adjustments(MonthInput input, LedgerPeriod period)
    {
        var allowed = Rules.Adjustments;
        foreach (var adjustment in input.Adjustments.OrderBy(a => a.Date).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var inputs = $"requested={N(adjustment.Points)} date={adjustment.Date:yyyy-MM-dd} reason={adjustment.Reason}";
            var dimension = allowed?.Dimension ?? Dimension.Other;
            var refusal = allowed is null ? "refused: these rules allow no adjustments"
                : string.IsNullOrWhiteSpace(adjustment.Reason) ? "refused: an adjustment needs a reason"
                : adjustment.Points < 0 && !allowed.AllowDeductions ? $"refused: {SchemeName} allows no deductions"
                : null;
            yield return refusal is null
                ? Entry(input, period, "adjustment:" + adjustment.Id, dimension, DailyScorer.Round(adjustment.Points), inputs, adjustment.Reason, null)
                : Entry(input, period, "adjustment:" + adjustment.Id, dimension, 0m, inputs, refusal, null);
        }
    }

    private string SchemeName => Rules.Scheme == RuleScheme.PositiveIncentive ? "positive-incentive" : "workload";

    private double? MeanEfficiency(MonthFigures figures)
    {
        // Summed in millionths (MeasureSum), so the mean is the same double whatever order the days came in.
        var sum = default(MeasureSum);
        foreach (var (rule, measures) in figures.Measures)
        {
            if (efficiencyRules.Contains(rule)) sum += measures;
        }
        return sum.Mean;
    }

    private LedgerEntry Entry(MonthInput input, LedgerPeriod period, string rule, Dimension dimension, decimal points, string inputs, string? reason, double? measure) => new()
    {
        AgentId = input.AgentId,
        Period = period,
        Rule = rule,
        Dimension = dimension,
        Points = points,
        Inputs = inputs,
        RulesVersion = Rules.Version,
        Department = input.Department,
        Reason = reason,
        Measure = measure,
    };

    private static string N(decimal value) => value.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Rate(decimal rate) => rate.ToString("0.0000", CultureInfo.InvariantCulture);

    private sealed record HalfCapped(LedgerEntry Entry, decimal NotCounted);
}
