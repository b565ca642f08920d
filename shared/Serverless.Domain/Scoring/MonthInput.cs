using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>Everything one agent's month close reads (月度结算输入): the month's days, their daily entries, awards, adjustments.</summary>
public sealed record MonthInput
{
    public required string AgentId { get; init; }

    public required YearMonth Month { get; init; }

    /// <summary>The department the month is scored under (monthly entries carry it).</summary>
    public required string Department { get; init; }

    /// <summary>
    /// The month's days summed, as a store keeps them; when set, month close reads these and not
    /// <see cref="Days"/> / <see cref="DailyEntries"/> (which are then left empty).
    /// </summary>
    public MonthFigures? Figures { get; init; }

    /// <summary>One combined <see cref="AgentDayMetrics"/> per day at most.</summary>
    public IReadOnlyList<AgentDayMetrics> Days { get; init; } = [];

    /// <summary>The month's daily ledger entries (any rules version in force during the month).</summary>
    public IReadOnlyList<LedgerEntry> DailyEntries { get; init; } = [];

    public IReadOnlyList<AwardRecord> Awards { get; init; } = [];

    public IReadOnlyList<PointsAdjustment> Adjustments { get; init; } = [];
}
