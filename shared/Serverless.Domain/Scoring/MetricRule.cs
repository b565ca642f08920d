using System.Text.Json.Serialization;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>Which way a metric is better: <c>higher</c> (satisfaction) or <c>lower</c> (error rate).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricDirection>))]
public enum MetricDirection
{
    [JsonStringEnumMemberName("higher")]
    Higher,

    [JsonStringEnumMemberName("lower")]
    Lower,
}

/// <summary>
/// Points on a straight line between two thresholds, clamped: under <c>higher</c>, 0 at or below <see cref="Lower"/>
/// rising to <see cref="Points"/> at or above <see cref="Upper"/>; under <c>lower</c>, <see cref="Points"/> at or below
/// <see cref="Lower"/> falling to 0 at or above <see cref="Upper"/>. Rounded to 2 decimals.
/// </summary>
public sealed record MetricLinear(double Lower, double Upper, decimal Points)
{
    public decimal PointsAt(double value, MetricDirection direction)
    {
        double points;
        if (direction == MetricDirection.Higher)
        {
            // The same arithmetic as an efficiency curve's segment from 0 points, so E on a line scores to the cent as before.
            points = value <= Lower ? 0 : value >= Upper ? (double)Points : 0d + (double)Points * (value - Lower) / (Upper - Lower);
        }
        else
        {
            points = value >= Upper ? 0 : value <= Lower ? (double)Points : 0d + (double)Points * (Upper - value) / (Upper - Lower);
        }
        return Cents(points);
    }

    /// <summary>Points rounded to the cent, midpoint away from zero, built from the integer number of cents (as an efficiency curve's are).</summary>
    internal static decimal Cents(double points)
    {
        var cents = Math.Round(points * 100, MidpointRounding.AwayFromZero);
        return Math.Abs(cents) < int.MaxValue
            ? new decimal((int)Math.Abs(cents), 0, 0, cents < 0, 2)
            : decimal.Round((decimal)points, 2, MidpointRounding.AwayFromZero);
    }
}

/// <summary>
/// One tier of a metric rule: <see cref="AtLeast"/> under <c>higher</c> (tiers listed lowest threshold first, the highest
/// reached pays), <see cref="AtMost"/> under <c>lower</c> (strictest ceiling first, the first met pays).
/// </summary>
public sealed record MetricTier
{
    public double? AtLeast { get; init; }

    public double? AtMost { get; init; }

    public required decimal Points { get; init; }
}

/// <summary>The fields of a rule of kind <c>metric</c>, daily or monthly (RULES.md, "Metric rules").</summary>
public interface IMetricRule
{
    /// <summary>A name in <see cref="MetricCatalogue"/>.</summary>
    string Metric { get; }

    /// <summary>Optional; when given it must match the list the rule is in (<c>daily</c> or <c>monthly</c>).</summary>
    MetricPeriod? Period { get; }

    /// <summary>The qualifying minimum of the metric's basis (answered calls, surveys answered, calls inspected …).</summary>
    int? Minimum { get; }

    MetricDirection Direction { get; }

    MetricLinear? Linear { get; }

    IReadOnlyList<MetricTier>? Tiers { get; }

    /// <summary>The parameter of <c>attended-day-share</c>: the share of Ts a day must be signed in to count as attended.</summary>
    double? MinSignedInShare { get; }

    string RuleName { get; }

    Dimension Dimension { get; }

    string? Description { get; }
}

/// <summary>A daily rule on any metric of the catalogue (<c>"kind": "metric"</c> in <c>daily</c>).</summary>
public sealed record DailyMetricRule : DailyRule, IMetricRule
{
    public const string KindName = "metric";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads => MetricCatalogue.TryGet(Metric, out var metric) ? metric.Reads : [];

    public required string Metric { get; init; }

    public MetricPeriod? Period { get; init; }

    public int? Minimum { get; init; }

    public required MetricDirection Direction { get; init; }

    public MetricLinear? Linear { get; init; }

    public IReadOnlyList<MetricTier>? Tiers { get; init; }

    public double? MinSignedInShare { get; init; }
}

/// <summary>A monthly rule on any metric the month's figures hold (<c>"kind": "metric"</c> in <c>monthly</c>).</summary>
public sealed record MonthlyMetricRule : MonthlyRule, IMetricRule
{
    public const string KindName = "metric";

    [JsonIgnore]
    public override string Kind => KindName;

    [JsonIgnore]
    public override IReadOnlyList<Exports.ExportKind> Reads => MetricCatalogue.TryGet(Metric, out var metric) ? metric.Reads : [];

    public required string Metric { get; init; }

    public MetricPeriod? Period { get; init; }

    public int? Minimum { get; init; }

    public required MetricDirection Direction { get; init; }

    public MetricLinear? Linear { get; init; }

    public IReadOnlyList<MetricTier>? Tiers { get; init; }

    public double? MinSignedInShare { get; init; }
}
