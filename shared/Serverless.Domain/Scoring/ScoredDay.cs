using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>One agent's month as scored so far: each scored day with its metrics and daily ledger entries.</summary>
public sealed record AgentMonthRecord(string AgentId, YearMonth Month, IReadOnlyList<ScoredDay> Days);

/// <summary>One scored agent-day: the metrics, where the agent was when scored, the entries and the imports behind them.</summary>
public sealed record ScoredDay(
    AgentDayMetrics Metrics,
    string Department,
    string Specialty,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<string> ImportIds)
{
    /// <summary>
    /// Each entry's own imports by rule (only the exports its rule reads), as its ledger row names them; an entry not
    /// listed (a day stored before entries had their own) came from all of <see cref="ImportIds"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? EntryImportIds { get; init; }

    /// <summary>
    /// <see cref="ImportIds"/> by the kind of export each came from, so month close can name on a monthly entry only
    /// the imports its rule reads; null for a day stored before the kinds were kept (its month then names them all).
    /// </summary>
    public IReadOnlyDictionary<ExportKind, IReadOnlyList<string>>? ImportIdsByKind { get; init; }

    /// <summary>The imports <paramref name="entry"/> came from.</summary>
    public IReadOnlyList<string> ImportIdsOf(LedgerEntry entry) => EntryImports.Of(entry, EntryImportIds, ImportIds);
}
