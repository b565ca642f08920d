namespace Serverless.Domain.Publishing;

/// <summary>Who changed between two published versions of a month, and by how much (the diff HR's re-publication carries).</summary>
public sealed record PublicationDiff(IReadOnlyList<AgentChange> Changes, int ChangedCount, int AddedCount, int RemovedCount, decimal AmountDelta)
{
    /// <summary>
    /// Compares the rows of the previous version with the current ones by <see cref="MonthRankingRow.AgentId"/>.
    /// Agents whose rank, month points, tier and amount are all equal are left out. Order: current rank, then
    /// previous rank (removed agents last), then agent id.
    /// </summary>
    public static PublicationDiff Compare(IReadOnlyList<MonthRankingRow> previousRows, IReadOnlyList<MonthRankingRow> currentRows)
    {
        ArgumentNullException.ThrowIfNull(previousRows);
        ArgumentNullException.ThrowIfNull(currentRows);
        var before = previousRows.ToDictionary(r => r.AgentId, StringComparer.Ordinal);
        var after = currentRows.ToDictionary(r => r.AgentId, StringComparer.Ordinal);

        var changes = new List<AgentChange>();
        foreach (var id in before.Keys.Union(after.Keys, StringComparer.Ordinal))
        {
            before.TryGetValue(id, out var b);
            after.TryGetValue(id, out var a);
            if (a is not null && b is not null && a.Rank == b.Rank && a.MonthPoints == b.MonthPoints
                && string.Equals(a.Tier, b.Tier, StringComparison.Ordinal) && a.Amount == b.Amount)
            {
                continue;
            }
            var who = a ?? b!;
            var kind = b is null ? AgentChangeKind.Added : a is null ? AgentChangeKind.Removed : AgentChangeKind.Changed;
            changes.Add(new AgentChange(
                id, who.Name, who.Department, kind,
                b?.Rank, a?.Rank, b?.MonthPoints, a?.MonthPoints, b?.Tier, a?.Tier, b?.Amount ?? 0m, a?.Amount ?? 0m));
        }

        changes = changes
            .OrderBy(c => c.RankAfter ?? int.MaxValue)
            .ThenBy(c => c.RankBefore ?? int.MaxValue)
            .ThenBy(c => c.AgentId, StringComparer.Ordinal)
            .ToList();
        return new PublicationDiff(
            changes,
            changes.Count(c => c.Kind == AgentChangeKind.Changed),
            changes.Count(c => c.Kind == AgentChangeKind.Added),
            changes.Count(c => c.Kind == AgentChangeKind.Removed),
            changes.Sum(c => c.AmountDelta));
    }
}
