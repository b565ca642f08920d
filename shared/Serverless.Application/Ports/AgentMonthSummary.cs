using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// One agent's month as month close reads it: the month's figures (<see cref="MonthFigures"/>), the department of the
/// last scored day (for an agent no longer on the roster) and the imports behind the month, without the days.
/// </summary>
public sealed record AgentMonthSummary(string AgentId, YearMonth Month, MonthFigures Figures, string? LastDepartment, IReadOnlyList<string> ImportIds)
{
    /// <summary>
    /// <see cref="ImportIds"/> by kind of export (ordinal order), so each monthly entry names only the imports its rule
    /// reads; null when a day of the month was stored without its kinds (every monthly entry then names them all).
    /// </summary>
    public IReadOnlyDictionary<ExportKind, IReadOnlyList<string>>? ImportIdsByKind { get; init; }

    /// <summary>The month's imports of the given kinds; all of <see cref="ImportIds"/> when the kinds are not known.</summary>
    public IReadOnlyList<string> ImportIdsOf(IEnumerable<ExportKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (ImportIdsByKind is null) return ImportIds;
        return [.. kinds.SelectMany(k => ImportIdsByKind.TryGetValue(k, out var ids) ? ids : []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The summary of a month read whole (what a store's running summary must equal).</summary>
    public static AgentMonthSummary Of(AgentMonthRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new AgentMonthSummary(
            record.AgentId,
            record.Month,
            MonthFigures.Of(record.Days.Select(d => d.Metrics), record.Days.SelectMany(d => d.Entries).Where(e => e.Period.Kind == LedgerPeriodKind.Day)),
            record.Days.OrderBy(d => d.Metrics.Date).LastOrDefault()?.Department,
            [.. record.Days.SelectMany(d => d.ImportIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)])
        {
            ImportIdsByKind = record.Days.Any(d => d.ImportIdsByKind is null) ? null : ByKind(record.Days),
        };
    }

    private static Dictionary<ExportKind, IReadOnlyList<string>> ByKind(IEnumerable<ScoredDay> days) => days
        .SelectMany(d => d.ImportIdsByKind!)
        .GroupBy(k => k.Key)
        .Select(g => (g.Key, Ids: (IReadOnlyList<string>)[.. g.SelectMany(k => k.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
        .Where(k => k.Ids.Count > 0)
        .ToDictionary(k => k.Key, k => k.Ids);
}
