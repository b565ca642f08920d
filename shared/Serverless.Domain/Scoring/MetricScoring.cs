using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// How a rule of kind <c>metric</c> turns a value into points, daily and monthly alike: the qualifying minimum on the
/// metric's basis first, then the value (absent: 0 with the metric's reason), then the line or the tiers.
/// </summary>
/// <remarks>A value within 1e-9 (relative) of a threshold counts as on it: shares like 0.9 × Ts are not exact in binary.</remarks>
internal static class MetricScoring
{
    /// <summary>Writes the basis and the minimum; false (with the reason) when the basis falls short of the minimum.</summary>
    public static bool Qualifies(IMetricRule rule, Metric metric, Func<string, double?> value, ref InputsWriter inputs, out string? reason)
    {
        reason = null;
        if (rule.Minimum is not { } minimum || metric.Basis is not { } basis) return true;
        var count = value(basis) ?? 0;
        inputs.Name(basis);
        inputs.Integer((long)count);
        inputs.Name("min");
        inputs.Integer(minimum);
        if (count >= minimum) return true;
        reason = $"{basis} below the minimum {minimum}";
        return false;
    }

    /// <summary>Writes the value, after the counts a ratio divides (<c>help-requests=2 answered-calls=40 help-share=0.0500</c>).</summary>
    public static void Write(Metric metric, double value, Func<string, double?> component, ref InputsWriter inputs)
    {
        if (metric.Ratio is { } ratio)
        {
            inputs.Name(ratio.Numerator);
            inputs.Integer((long)(component(ratio.Numerator) ?? 0));
            inputs.Name(ratio.Denominator);
            inputs.Integer((long)(component(ratio.Denominator) ?? 0));
        }
        inputs.Name(metric.Name);
        Value(metric.Unit, value, ref inputs);
    }

    public static void None(Metric metric, ref InputsWriter inputs)
    {
        inputs.Name(metric.Name);
        inputs.Text("none");
    }

    public static void Value(MetricUnit unit, double value, ref InputsWriter inputs)
    {
        switch (unit)
        {
            case MetricUnit.Count:
            case MetricUnit.Minutes:
                inputs.Integer((long)Math.Round(value, MidpointRounding.AwayFromZero));
                break;
            case MetricUnit.Share:
                inputs.Fixed(value, 4);
                break;
            case MetricUnit.Score:
                inputs.Fixed(value, 2);
                break;
            default:
                inputs.Fixed(value, 1);
                break;
        }
    }

    /// <summary>The points the line or the tiers give <paramref name="value"/>, and why none when none.</summary>
    public static (decimal Points, string? Reason) Score(IMetricRule rule, double value)
    {
        if (rule.Linear is { } line)
        {
            var points = line.PointsAt(value, rule.Direction);
            if (points != 0) return (points, null);
            return (0m, rule.Direction == MetricDirection.Higher ? "at or near the line's lower threshold: 0 points" : "at or near the line's upper threshold: 0 points");
        }
        var tiers = rule.Tiers ?? [];
        if (rule.Direction == MetricDirection.Higher)
        {
            for (var k = tiers.Count - 1; k >= 0; k--)
            {
                if (tiers[k].AtLeast is { } atLeast && AtLeast(value, atLeast)) return (tiers[k].Points, null);
            }
            return (0m, "below the lowest tier");
        }
        foreach (var tier in tiers)
        {
            if (tier.AtMost is { } atMost && AtLeast(atMost, value)) return (tier.Points, null);
        }
        return (0m, "above every tier");
    }

    public static bool AtLeast(double value, double threshold) => value >= threshold - 1e-9 * Math.Max(1, Math.Abs(threshold));
}
