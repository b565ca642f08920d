namespace Serverless.Domain.Scoring;

/// <summary>Which imports a ledger entry came from: its rule's own, when listed, else all of its day's or month's.</summary>
public static class EntryImports
{
    public static IReadOnlyList<string> Of(LedgerEntry entry, IReadOnlyDictionary<string, IReadOnlyList<string>>? byRule, IReadOnlyList<string> all)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return byRule is not null && byRule.TryGetValue(entry.Rule, out var ids) ? ids : all;
    }
}
