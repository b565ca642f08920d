using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Ports;

/// <summary>
/// One agent's month as month close reads it: the month's figures (<see cref="MonthFigures"/>), the department of the
/// last scored day (for an agent no longer on the roster) and the imports behind the month, without the days.
/// </summary>
public sealed record AgentMonthSummary(string AgentId, YearMonth Month, MonthFigures Figures, string? LastDepartment, IReadOnlyList<string> ImportIds)
{
    /// <summary>The summary of a month read whole (what a store's running summary must equal).</summary>
    public static AgentMonthSummary Of(AgentMonthRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AgentMonthSummary(
            record.AgentId,
            record.Month,
            MonthFigures.Of(record.Days.Select(d => d.Metrics), record.Days.SelectMany(d => d.Entries).Where(e => e.Period.Kind == LedgerPeriodKind.Day)),
            record.Days.OrderBy(d => d.Metrics.Date).LastOrDefault()?.Department,
            [.. record.Days.SelectMany(d => d.ImportIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }
}
