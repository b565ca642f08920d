using System.Text.Json.Serialization;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>人工效能: points piecewise-linear in E between the knots, flat outside them.</summary>
public sealed record EfficiencyRule : DailyRule
{
    // A static list, not an auto-property: a record's equality compares its fields, and an array compares by reference.
    private static readonly ExportKind[] Inputs = [ExportKind.Calls, ExportKind.AgentTime];

    public const string KindName = "efficiency";

    [JsonIgnore]
    public override string Kind => KindName;

    // N, AHT and short calls from the calls file; Ts and Ti (v = N / Ts, Ti / Ts) from the agent-time file.
    [JsonIgnore]
    public override IReadOnlyList<ExportKind> Reads => Inputs;

    /// <summary>Knots in increasing E.</summary>
    public required IReadOnlyList<EfficiencyPoint> Points { get; init; }

    /// <summary>Points at index <paramref name="e"/>: linear between knots, flat before the first and after the last; 2 decimals.</summary>
    public decimal PointsAt(double e)
    {
        var knots = Points;
        double points;
        if (e <= knots[0].E)
        {
            points = (double)knots[0].Points;
        }
        else
        {
            points = (double)knots[^1].Points;
            for (var k = 1; k < knots.Count; k++)
            {
                if (e >= knots[k].E) continue;
                var (low, high) = (knots[k - 1], knots[k]);
                points = (double)low.Points + (double)(high.Points - low.Points) * (e - low.E) / (high.E - low.E);
                break;
            }
        }
        // Rounded in cents as an integer: converting a double to decimal was the slowest step of a scored day.
        var cents = Math.Round(points * 100, MidpointRounding.AwayFromZero);
        return Math.Abs(cents) < int.MaxValue
            ? new decimal((int)Math.Abs(cents), 0, 0, cents < 0, 2)
            : decimal.Round((decimal)points, 2, MidpointRounding.AwayFromZero);
    }
}
