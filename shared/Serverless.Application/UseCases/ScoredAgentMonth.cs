using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>One agent's closed month: the monthly ledger entries and totals, and the imports the month's days came from.</summary>
public sealed record ScoredAgentMonth(string AgentId, MonthScore Score, IReadOnlyList<string> ImportIds)
{
    /// <summary>
    /// Each monthly entry's own imports by rule: those of the exports its rule reads (a team-building entry: its
    /// awards' imports; an adjustment: none). An entry not listed names all of <see cref="ImportIds"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? EntryImportIds { get; init; }

    /// <summary>The imports <paramref name="entry"/> came from.</summary>
    public IReadOnlyList<string> ImportIdsOf(LedgerEntry entry) => EntryImports.Of(entry, EntryImportIds, ImportIds);
}
