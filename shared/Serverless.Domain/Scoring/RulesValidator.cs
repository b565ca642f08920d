using System.Globalization;

namespace Serverless.Domain.Scoring;

/// <summary>The invariants a rules document must keep; each broken one is an error at its line.</summary>
internal sealed class RulesValidator
{
    private readonly RulesDocument document;
    private readonly JsonLineMap lines;
    private readonly List<RulesError> errors = [];

    private RulesValidator(RulesDocument document, JsonLineMap lines)
    {
        this.document = document;
        this.lines = lines;
    }

    private bool Positive => document.Scheme == Scoring.RuleScheme.PositiveIncentive;

    private string SchemeName => Positive ? "positive-incentive" : "workload";

    public static IReadOnlyList<RulesError> Validate(RulesDocument document, JsonLineMap lines)
    {
        var validator = new RulesValidator(document, lines);
        validator.Run();
        return validator.errors
            .OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.Message, StringComparer.Ordinal)
            .ToList();
    }

    private void Run()
    {
        if (string.IsNullOrWhiteSpace(document.Version)) Error("version", "version is empty: give the file a version, e.g. \"2026.1\"");
        Efficiency();
        Daily();
        Monthly();
        Caps();
        TeamBuilding();
        Adjustments();
        Workload();
        Bonus();
        Stars();
    }

    private void Efficiency()
    {
        if (document.Efficiency is not { } e)
        {
            if (document.Daily.Any(r => r is EfficiencyRule || r is DailyMetricRule { Metric: Metrics.MetricCatalogue.EfficiencyIndex })) Error("efficiency", "an efficiency rule needs the \"efficiency\" section (a, minGroupSize, shortCallSeconds, shortCallShareMax)");
            return;
        }
        if (!(e.A is >= 0 and <= 1)) Error("efficiency.a", $"efficiency a {N(e.A)}: must be between 0 and 1");
        if (e.MinGroupSize < 1) Error("efficiency.minGroupSize", $"efficiency minGroupSize {e.MinGroupSize}: must be at least 1");
        if (e.ShortCallSeconds < 0) Error("efficiency.shortCallSeconds", $"efficiency shortCallSeconds {e.ShortCallSeconds}: must not be negative");
        if (!(e.ShortCallShareMax is >= 0 and <= 1)) Error("efficiency.shortCallShareMax", $"efficiency shortCallShareMax {N(e.ShortCallShareMax)}: must be a share between 0 and 1");
        if (!(e.AnswerShareWeight is >= 0 and <= 1)) Error("efficiency.answerShareWeight", $"efficiency answerShareWeight {N(e.AnswerShareWeight)}: must be a share between 0 and 1");
    }

    private void Daily()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Daily.Count; i++)
        {
            var rule = document.Daily[i];
            var at = $"daily[{i}]";
            if (rule is null) { Error(at, "a daily rule is null"); continue; }
            var label = $"rule '{rule.RuleName}'";
            if (!names.Add(rule.RuleName)) Error(at, $"{label}: another daily rule has this name; give one a distinct \"name\"");
            switch (rule)
            {
                case EfficiencyRule r:
                    Knots(r, at, label);
                    break;
                case AttendanceRule r:
                    Share(r.MinSignedInShare, $"{at}.minSignedInShare", $"{label} minSignedInShare");
                    Points(r.Points, $"{at}.points", label, rule.Description);
                    break;
                case AdherenceRule r:
                    Share(r.MinAdherence, $"{at}.minAdherence", $"{label} minAdherence");
                    Points(r.Points, $"{at}.points", label, rule.Description);
                    break;
                case NotReadyRule r:
                    Share(r.MaxShareOfSignedIn, $"{at}.maxShareOfSignedIn", $"{label} maxShareOfSignedIn");
                    Points(r.Points, $"{at}.points", label, rule.Description);
                    break;
                case DailyMetricRule r:
                    Metric(r, Metrics.MetricPeriod.Daily, at, label);
                    break;
            }
        }
    }

    private void Knots(EfficiencyRule rule, string at, string label)
    {
        if (rule.Points.Count == 0) { Error($"{at}.points", $"{label}: the points curve needs at least one {{\"e\", \"points\"}} knot"); return; }
        for (var k = 0; k < rule.Points.Count; k++)
        {
            var knot = rule.Points[k];
            var path = $"{at}.points[{k}]";
            if (double.IsNaN(knot.E) || knot.E < 0) Error($"{path}.e", $"{label} knot e {N(knot.E)}: must not be negative");
            Points(knot.Points, $"{path}.points", label, rule.Description);
            if (k == 0) continue;
            var previous = rule.Points[k - 1];
            if (knot.E <= previous.E) Error($"{path}.e", $"{label} knot e {N(knot.E)}: thresholds out of order, must be above the previous knot's {N(previous.E)}");
            if (knot.Points < previous.Points) Error($"{path}.points", $"{label} knot points {N(knot.Points)}: a higher E must never earn less than {N(previous.Points)}");
        }
    }

    private void Monthly()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Monthly.Count; i++)
        {
            var rule = document.Monthly[i];
            var at = $"monthly[{i}]";
            if (rule is null) { Error(at, "a monthly rule is null"); continue; }
            var label = $"rule '{rule.RuleName}'";
            if (!names.Add(rule.RuleName)) Error(at, $"{label}: another monthly rule has this name; give one a distinct \"name\"");
            switch (rule)
            {
                case FullAttendanceRule r:
                    Share(r.MinSignedInShare, $"{at}.minSignedInShare", $"{label} minSignedInShare");
                    Points(r.Points, $"{at}.points", label, rule.Description);
                    break;
                case SatisfactionRule r:
                    if (r.MinSurveys < 1) Error($"{at}.minSurveys", $"{label} minSurveys {r.MinSurveys}: must be at least 1");
                    AtLeast(r.Tiers, at, label, rule.Description);
                    break;
                case PushRateRule r:
                    if (r.MinCalls < 1) Error($"{at}.minCalls", $"{label} minCalls {r.MinCalls}: must be at least 1");
                    AtLeast(r.Tiers, at, label, rule.Description);
                    break;
                case ErrorFreeRule r:
                    if (r.MinInspected < 1) Error($"{at}.minInspected", $"{label} minInspected {r.MinInspected}: must be at least 1");
                    AtMost(r.Tiers, at, label, rule.Description);
                    break;
                case MonthlyMetricRule r:
                    Metric(r, Metrics.MetricPeriod.Monthly, at, label);
                    break;
            }
        }
    }

    /// <summary>A rule of kind <c>metric</c>: a catalogue metric that exists for the period, a minimum on its basis, its unit's range, one scoring form.</summary>
    private void Metric(IMetricRule rule, Metrics.MetricPeriod period, string at, string label)
    {
        var list = period == Metrics.MetricPeriod.Daily ? "daily" : "monthly";
        if (!Metrics.MetricCatalogue.TryGet(rule.Metric, out var metric))
        {
            Error($"{at}.metric", $"{label} metric '{rule.Metric}' is not in the catalogue: use one of {Metrics.MetricCatalogue.Names}");
            return;
        }
        if (rule.Period is { } named && named != period)
        {
            Error($"{at}.period", $"{label} period {PeriodName(named)}: the rule is in \"{list}\"; move it or drop \"period\"");
        }
        if (!metric.Has(period))
        {
            var other = period == Metrics.MetricPeriod.Daily ? "monthly" : "daily";
            Error($"{at}.metric", $"{label} metric '{metric.Name}' has no {list} value (only {other}): put the rule in \"{other}\"");
        }
        if (rule.Minimum is { } minimum)
        {
            if (metric.Basis is not { } basis) Error($"{at}.minimum", $"{label} minimum {minimum}: metric '{metric.Name}' has no basis to count a minimum of; drop \"minimum\"");
            else if (minimum < 0) Error($"{at}.minimum", $"{label} minimum {minimum}: a minimum {basis} must not be negative");
        }
        if (metric.Parameter is { } parameter)
        {
            if (rule.MinSignedInShare is not { } share) Error(at, $"{label} metric '{metric.Name}' needs \"{parameter}\" (the share of Ts a day must be signed in to count as attended)");
            else Share(share, $"{at}.minSignedInShare", $"{label} minSignedInShare");
        }
        else if (rule.MinSignedInShare is not null)
        {
            Error($"{at}.minSignedInShare", $"{label} minSignedInShare: metric '{metric.Name}' takes no parameter; drop it");
        }

        var higher = rule.Direction == MetricDirection.Higher;
        if ((rule.Linear is null) == (rule.Tiers is null))
        {
            Error(at, $"{label}: give exactly one of \"linear\" ({{lower, upper, points}}) or \"tiers\"");
            return;
        }
        if (rule.Linear is { } line)
        {
            Threshold(metric, line.Lower, $"{at}.linear.lower", $"{label} linear lower");
            Threshold(metric, line.Upper, $"{at}.linear.upper", $"{label} linear upper");
            if (!(line.Upper > line.Lower)) Error($"{at}.linear.upper", $"{label} linear upper {N(line.Upper)}: must be above lower {N(line.Lower)}");
            Points(line.Points, $"{at}.linear.points", label, rule.Description);
            return;
        }
        var tiers = rule.Tiers!;
        if (tiers.Count == 0) Error($"{at}.tiers", $"{label}: needs at least one tier");
        var (field, other2) = higher ? ("atLeast", "atMost") : ("atMost", "atLeast");
        for (var k = 0; k < tiers.Count; k++)
        {
            var path = $"{at}.tiers[{k}]";
            var tier = tiers[k];
            if (tier is null) { Error(path, $"{label}: a tier is null"); continue; }
            var threshold = higher ? tier.AtLeast : tier.AtMost;
            if (threshold is not { } t) { Error(path, $"{label} tier: needs \"{field}\" (direction {(higher ? "higher" : "lower")})"); continue; }
            if ((higher ? tier.AtMost : tier.AtLeast) is not null) Error($"{path}.{other2}", $"{label} tier {other2}: direction {(higher ? "higher" : "lower")} takes \"{field}\" tiers only");
            Threshold(metric, t, $"{path}.{field}", $"{label} tier {field}");
            Points(tier.Points, $"{path}.points", label, rule.Description);
            if (k == 0 || tiers[k - 1] is not { } previous || (higher ? previous.AtLeast : previous.AtMost) is not { } before) continue;
            if (t <= before) Error($"{path}.{field}", higher
                ? $"{label} tier atLeast {N(t)}: thresholds out of order, list tiers from the lowest threshold up"
                : $"{label} tier atMost {N(t)}: thresholds out of order, list tiers from the strictest ceiling up");
            if (higher && tier.Points <= previous.Points) Error($"{path}.points", $"{label} tier points {N(tier.Points)}: a higher threshold must earn more than {N(previous.Points)}");
            if (!higher && tier.Points >= previous.Points) Error($"{path}.points", $"{label} tier points {N(tier.Points)}: a looser ceiling must earn less than {N(previous.Points)}");
        }
    }

    /// <summary>A threshold in the metric's unit: a share in 0..1, anything else not negative.</summary>
    private void Threshold(Metrics.Metric metric, double value, string path, string label)
    {
        if (metric.Unit == Metrics.MetricUnit.Share)
        {
            if (!(value is >= 0 and <= 1)) Error(path, $"{label} {N(value)}: '{metric.Name}' is a share, give a fraction between 0 and 1 (0.95, not 95)");
        }
        else if (!(value >= 0) || double.IsInfinity(value))
        {
            Error(path, $"{label} {N(value)}: '{metric.Name}' is never negative ({UnitName(metric.Unit)})");
        }
    }

    private static string PeriodName(Metrics.MetricPeriod period) => period == Metrics.MetricPeriod.Daily ? "daily" : "monthly";

    internal static string UnitName(Metrics.MetricUnit unit) => unit switch
    {
        Metrics.MetricUnit.Count => "count",
        Metrics.MetricUnit.Seconds => "seconds",
        Metrics.MetricUnit.Minutes => "minutes",
        Metrics.MetricUnit.Share => "share",
        Metrics.MetricUnit.Index => "E",
        _ => "score",
    };

    private void AtLeast(IReadOnlyList<AtLeastTier> tiers, string at, string label, string? description)
    {
        if (tiers.Count == 0) Error($"{at}.tiers", $"{label}: needs at least one tier");
        for (var k = 0; k < tiers.Count; k++)
        {
            var path = $"{at}.tiers[{k}]";
            var tier = tiers[k];
            if (tier.AtLeast is < 0 or > 1) Error($"{path}.atLeast", $"{label} tier atLeast {N(tier.AtLeast)}: must be a share between 0 and 1");
            Points(tier.Points, $"{path}.points", label, description);
            if (k == 0) continue;
            if (tier.AtLeast <= tiers[k - 1].AtLeast) Error($"{path}.atLeast", $"{label} tier atLeast {N(tier.AtLeast)}: thresholds out of order, list tiers from the lowest threshold up");
            if (tier.Points <= tiers[k - 1].Points) Error($"{path}.points", $"{label} tier points {N(tier.Points)}: a higher threshold must earn more than {N(tiers[k - 1].Points)}");
        }
    }

    private void AtMost(IReadOnlyList<AtMostTier> tiers, string at, string label, string? description)
    {
        if (tiers.Count == 0) Error($"{at}.tiers", $"{label}: needs at least one tier");
        for (var k = 0; k < tiers.Count; k++)
        {
            var path = $"{at}.tiers[{k}]";
            var tier = tiers[k];
            if (tier.AtMost is < 0 or > 1) Error($"{path}.atMost", $"{label} tier atMost {N(tier.AtMost)}: must be a share between 0 and 1");
            Points(tier.Points, $"{path}.points", label, description);
            if (k == 0) continue;
            if (tier.AtMost <= tiers[k - 1].AtMost) Error($"{path}.atMost", $"{label} tier atMost {N(tier.AtMost)}: thresholds out of order, list tiers from the strictest ceiling up");
            if (tier.Points >= tiers[k - 1].Points) Error($"{path}.points", $"{label} tier points {N(tier.Points)}: a looser ceiling must earn less than {N(tiers[k - 1].Points)}");
        }
    }

    private void Caps()
    {
        foreach (var (dimension, cap) in document.Caps.OrderBy(c => c.Key))
        {
            var name = DimensionName(dimension);
            if (cap < 0) Error($"caps.{name}", $"cap {name} {N(cap)}: a cap must not be negative");
        }
    }

    private void TeamBuilding()
    {
        if (document.TeamBuilding is not { } team) return;
        if (team.HalfCap is { } half)
        {
            if (half.Cap < 0) Error("teamBuilding.halfCap.cap", $"team-building halfCap cap {N(half.Cap)}: must not be negative");
            for (var i = 0; i < half.Levels.Count; i++)
            {
                if (!AwardNames.TryParseLevel(half.Levels[i], out _)) Error($"teamBuilding.halfCap.levels[{i}]", $"team-building halfCap level '{half.Levels[i]}' is unknown: use team, department, center, company or national");
            }
        }
        foreach (var (item, values) in team.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var at = $"teamBuilding.values.{item}";
            if (!AwardNames.TryParseItem(item, out _)) { Error(at, $"team-building item '{item}' is unknown: use activity, honour, good-deed or training"); continue; }
            if (values.Count != AwardNames.LevelCount) { Error(at, $"team-building item '{item}' has {values.Count} values: give {AwardNames.LevelCount}, one per level team, department, center, company, national"); continue; }
            for (var k = 0; k < values.Count; k++)
            {
                if (values[k] < 0) Error($"{at}[{k}]", $"team-building item '{item}' value {N(values[k])}: an award is never negative");
                if (k > 0 && values[k] < values[k - 1]) Error($"{at}[{k}]", $"team-building item '{item}' value {N(values[k])}: a higher level must be worth at least the lower level's {N(values[k - 1])}");
            }
        }
    }

    private void Adjustments()
    {
        if (document.Adjustments is { AllowDeductions: true } && Positive)
        {
            Error("adjustments.allowDeductions", "adjustments allowDeductions true: positive-incentive allows no negative points");
        }
    }

    private void Workload()
    {
        if (document.Workload is not { } work)
        {
            if (!Positive) Error("", "a workload file needs the \"workload\" section (weight, eta, items)");
            return;
        }
        if (work.Weight < 0) Error("workload.weight", $"workload weight {N(work.Weight)}: must not be negative");
        if (work.Eta.Single <= 0) Error("workload.eta.single", $"workload eta single {N(work.Eta.Single)}: must be above 0");
        if (work.Eta.Primary <= 0) Error("workload.eta.primary", $"workload eta primary {N(work.Eta.Primary)}: must be above 0");
        if (work.Eta.Secondary <= 0) Error("workload.eta.secondary", $"workload eta secondary {N(work.Eta.Secondary)}: must be above 0");
        foreach (var (code, value) in work.Items.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(code)) Error("workload.items", "workload item with an empty code");
            if (value < 0) Error($"workload.items.{code}", $"workload item '{code}' value {N(value)}: a work item's value B must not be negative");
        }
    }

    private void Bonus()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Bonus.Count; i++)
        {
            var tier = document.Bonus[i];
            var at = $"bonus[{i}]";
            if (string.IsNullOrWhiteSpace(tier.Name) || !names.Add(tier.Name)) Error($"{at}.name", $"bonus tier name '{tier.Name}': each tier needs a distinct name");
            if (tier.Share is <= 0 or > 1) Error($"{at}.share", $"bonus tier '{tier.Name}' share {N(tier.Share)}: must be above 0 and at most 1");
            if (tier.Amount < 0) Error($"{at}.amount", $"bonus tier '{tier.Name}' amount {N(tier.Amount)}: a bonus is never negative");
            if (i == 0) continue;
            var previous = document.Bonus[i - 1];
            if (tier.Share <= previous.Share) Error($"{at}.share", $"bonus tier '{tier.Name}' share {N(tier.Share)}: shares not increasing, must be above '{previous.Name}' {N(previous.Share)}");
            if (tier.Amount > previous.Amount) Error($"{at}.amount", $"bonus tier '{tier.Name}' amount {N(tier.Amount)}: a wider tier must not pay more than '{previous.Name}' {N(previous.Amount)}");
        }
    }

    private void Stars()
    {
        for (var i = 0; i < document.Stars.Count; i++)
        {
            var star = document.Stars[i];
            var at = $"stars[{i}]";
            if (star.Stars < 1) Error($"{at}.stars", $"star level {star.Stars}: stars start at 1");
            if (star.CumulativePoints < 0) Error($"{at}.cumulativePoints", $"star level {star.Stars} cumulativePoints {N(star.CumulativePoints)}: must not be negative");
            if (i == 0) continue;
            var previous = document.Stars[i - 1];
            if (star.Stars <= previous.Stars) Error($"{at}.stars", $"star level {star.Stars}: levels out of order, must be above {previous.Stars}");
            if (star.CumulativePoints <= previous.CumulativePoints) Error($"{at}.cumulativePoints", $"star level {star.Stars} cumulativePoints {N(star.CumulativePoints)}: thresholds out of order, must be above {N(previous.CumulativePoints)}");
        }
    }

    private void Points(decimal points, string path, string label, string? description)
    {
        if (points >= 0) return;
        if (Positive)
        {
            Error(path, $"{label} points {N(points)}: {SchemeName} allows no negative points");
        }
        else if (string.IsNullOrWhiteSpace(description))
        {
            Error(path, $"{label} points {N(points)}: a deduction needs a reason; give the rule a \"description\"");
        }
    }

    private void Share(double value, string path, string label)
    {
        if (!(value is >= 0 and <= 1)) Error(path, $"{label} {N(value)}: must be a share between 0 and 1");
    }

    private void Error(string path, string message)
    {
        var (line, column) = lines.Find(path);
        errors.Add(new RulesError(line, column, path, message));
    }

    internal static string DimensionName(Dimension dimension) => dimension switch
    {
        Dimension.DailyBehaviour => "dailyBehaviour",
        Dimension.WorkQuality => "workQuality",
        Dimension.TeamBuilding => "teamBuilding",
        Dimension.Workload => "workload",
        _ => "other",
    };

    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
