using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>An agent's month in numbers (月度积分): per dimension, the month's points, and the tie-breakers ranking needs.</summary>
public sealed record MonthTotals
{
    public required string AgentId { get; init; }

    public required YearMonth Month { get; init; }

    public required string Department { get; init; }

    /// <summary>The version that closed the month (its monthly rules and caps).</summary>
    public required string RulesVersion { get; init; }

    /// <summary>In <see cref="Dimension"/> order; only dimensions with points or a cap.</summary>
    public required IReadOnlyList<DimensionTotal> Dimensions { get; init; }

    /// <summary>Month points: the sum of every dimension's counted points (the workload scheme's Y).</summary>
    public required decimal Points { get; init; }

    /// <summary>Mean E over the month's days that had one; null when none did. A ranking tie-breaker.</summary>
    public double? MeanEfficiency { get; init; }

    /// <summary>Days with a schedule; eligibility for ranking needs at least one.</summary>
    public int ScheduledDays { get; init; }

    /// <summary>Days with scored work items; under the workload scheme they make an agent eligible as a scheduled day does.</summary>
    public int WorkItemDays { get; init; }

    /// <summary>Counted points of one dimension (0 when it has none), e.g. work quality for tie-breaking.</summary>
    public decimal Counted(Dimension dimension)
    {
        foreach (var total in Dimensions)
        {
            if (total.Dimension == dimension) return total.Counted;
        }
        return 0m;
    }
}
