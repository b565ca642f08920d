namespace Serverless.Domain.Publishing;

/// <summary>One agent's (客服专员) standing at month close: roster facts and the month's scored totals, the input of <see cref="MonthRanking"/>.</summary>
public sealed record AgentMonthStanding
{
    public required string AgentId { get; init; }
    public required string Name { get; init; }
    public required string Department { get; init; }
    public required string Specialty { get; init; }
    public required string Team { get; init; }

    /// <summary>Active in the roster at month close; agents who have left are not ranked.</summary>
    public required bool Active { get; init; }

    public required int ScheduledDays { get; init; }

    /// <summary>
    /// Days whose work counts toward eligibility besides scheduled ones: under the workload scheme, days with scored
    /// work items (an agent working off the phones has no schedule in the agent-time export); 0 under positive-incentive.
    /// </summary>
    public int WorkItemDays { get; init; }

    /// <summary>The month's points, already capped by dimension on the scoring side.</summary>
    public required decimal MonthPoints { get; init; }

    public decimal WorkQualityPoints { get; init; }
    public decimal DailyBehaviourPoints { get; init; }
    public decimal TeamBuildingPoints { get; init; }

    /// <summary>Mean efficiency (人工效能) over the month's days that had one; null when no day had one.</summary>
    public double? MeanEfficiency { get; init; }

    /// <summary>Cumulative points (累计积分) of all closed months before this one.</summary>
    public required decimal CumulativeBefore { get; init; }

    /// <summary>Computed rather than passed in, so it can never disagree with before + month.</summary>
    public decimal CumulativeAfter => CumulativeBefore + MonthPoints;

    /// <summary>Stars held before this month; stars never drop under <c>positive-incentive</c>.</summary>
    public int PreviousStars { get; init; }

    public DateOnly? HireDate { get; init; }
}
