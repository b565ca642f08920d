using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// One agent's day as <see cref="ILedger.ReplaceDaysAsync"/> writes it: the entries to write (all of the day's, or
/// only those that changed: the day's other entries are left as they are), the imports they came from, and the rules
/// the day was scored under before (whose entries, unless written here, must go).
/// </summary>
public sealed record LedgerDay(string AgentId, IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<string> ImportIds, IReadOnlyCollection<string> PreviousRules)
{
    /// <summary>Each entry's own imports by rule; an entry not listed came from all of <see cref="ImportIds"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? EntryImportIds { get; init; }

    /// <summary>The imports <paramref name="entry"/> came from.</summary>
    public IReadOnlyList<string> ImportIdsOf(LedgerEntry entry) => EntryImports.Of(entry, EntryImportIds, ImportIds);
}
