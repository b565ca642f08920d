namespace Serverless.Domain.Scoring;

/// <summary>
/// The one reversal rule of the append-only entries (awards, leader adjustments): an entry is in force unless a
/// reversal names it, and a reversal is never in force itself. Nothing is ever deleted or rewritten.
/// </summary>
public static class Reversals
{
    public static IReadOnlyList<T> InForce<T>(IEnumerable<T> entries, Func<T, string> id, Func<T, string?> reversalOf)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = entries.ToList();
        var reversed = all.Select(reversalOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return [.. all.Where(e => reversalOf(e) is null && !reversed.Contains(id(e)))];
    }
}
