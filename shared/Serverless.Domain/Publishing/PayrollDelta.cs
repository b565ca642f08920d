namespace Serverless.Domain.Publishing;

/// <summary>How one employee's payroll amount changed between the version payroll took and a later one.</summary>
public enum PayrollChangeKind
{
    /// <summary>Paid now, not in the version payroll took.</summary>
    Added,

    /// <summary>In the version payroll took, not paid now (no tier any more, left the ranking, or held).</summary>
    Removed,

    /// <summary>Paid in both, with a different amount.</summary>
    Changed,
}

/// <summary>One line of <c>payroll-delta.csv</c>: old and new amount (0 when absent) and what payroll must add (or take back).</summary>
public sealed record PayrollChange(string EmployeeId, string Name, string Department, PayrollChangeKind Kind, decimal OldAmount, decimal NewAmount)
{
    public decimal Difference => NewAmount - OldAmount;
}

/// <summary>
/// What payroll must pay on top of (or take back from) the version it already took (<see cref="AgainstVersion"/>): one
/// change per employee whose amount differs, nothing for those whose amount is the same. Paying the old version plus this
/// delta pays exactly what the new version's <c>payroll.csv</c> says, so a correction never pays anyone twice.
/// </summary>
public sealed record PayrollDelta(int AgainstVersion, bool AgainstTaken, IReadOnlyList<PayrollChange> Changes)
{
    public int AddedCount => Changes.Count(c => c.Kind == PayrollChangeKind.Added);

    public int RemovedCount => Changes.Count(c => c.Kind == PayrollChangeKind.Removed);

    public int ChangedCount => Changes.Count(c => c.Kind == PayrollChangeKind.Changed);

    /// <summary>The sum of the differences: the new total minus the old one.</summary>
    public decimal NetAmount => Changes.Sum(c => c.Difference);

    /// <summary>
    /// Compares the payroll lines of the version payroll took (<paramref name="taken"/>) with the new version's, by
    /// employee id. Order: employee id (ordinal), so the same two versions always give the same file.
    /// </summary>
    /// <param name="againstVersion">The version <paramref name="taken"/> belongs to.</param>
    /// <param name="againstTaken">True when payroll marked that version taken; false when it is v1 because none was marked yet.</param>
    public static PayrollDelta Compare(int againstVersion, bool againstTaken, IReadOnlyList<PayrollLine> taken, IReadOnlyList<PayrollLine> current)
    {
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(current);
        if (againstVersion < 1) throw new ArgumentOutOfRangeException(nameof(againstVersion), againstVersion, "Versions start at 1.");
        var before = taken.ToDictionary(l => l.EmployeeId, StringComparer.Ordinal);
        var after = current.ToDictionary(l => l.EmployeeId, StringComparer.Ordinal);
        var changes = new List<PayrollChange>();
        foreach (var id in before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(id, out var b);
            after.TryGetValue(id, out var a);
            if (a is not null && b is not null && a.Amount == b.Amount) continue;
            var who = a ?? b!;
            var kind = b is null ? PayrollChangeKind.Added : a is null ? PayrollChangeKind.Removed : PayrollChangeKind.Changed;
            changes.Add(new PayrollChange(id, who.Name, who.Department, kind, b?.Amount ?? 0m, a?.Amount ?? 0m));
        }
        return new PayrollDelta(againstVersion, againstTaken, changes);
    }
}
