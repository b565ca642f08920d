namespace Serverless.Domain.Publishing;

/// <summary>Month close (月度排名): ranks every eligible agent across departments and assigns bonus tiers and stars.</summary>
public static class MonthRanking
{
    /// <summary>
    /// Ranks the eligible agents (active, at least one scheduled day — or, under the workload scheme, one day of work
    /// items) with competition ranking (1, 2, 2, 4).
    /// Tie order: month points, work-quality points, mean efficiency (none lowest), cumulative before the month;
    /// agents still equal share a rank and are listed by <see cref="AgentMonthStanding.AgentId"/> (ordinal).
    /// </summary>
    /// <param name="tiers">Bonus tiers in ascending <see cref="BonusTier.Share"/>; rank r earns the first tier with r ≤ ⌈share × n⌉.</param>
    /// <param name="stars">Star thresholds on cumulative points.</param>
    public static MonthRankingResult Rank(IEnumerable<AgentMonthStanding> standings, IReadOnlyList<BonusTier> tiers, IReadOnlyList<StarThreshold> stars)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(stars);
        ValidateTiers(tiers);

        var eligible = standings.Where(s => s.Active && (s.ScheduledDays >= 1 || s.WorkItemDays >= 1)).ToList();
        var duplicate = eligible.GroupBy(s => s.AgentId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Agent {duplicate.Key} appears {duplicate.Count()} times; pass one standing per agent.", nameof(standings));
        }

        // AgentId is only the output order inside a tie; it never decides a rank.
        eligible.Sort((x, y) => CompareStanding(x, y) is var c and not 0 ? c : string.CompareOrdinal(x.AgentId, y.AgentId));

        var n = eligible.Count;
        var cutoffs = tiers.Select(t => (int)Math.Ceiling(t.Share * n)).ToArray();
        var rows = new List<MonthRankingRow>(n);
        for (var i = 0; i < n; i++)
        {
            var s = eligible[i];
            // Competition ranking: an agent equal to the one above shares its (better) rank, which is
            // what lifts every agent of a tie that straddles a tier boundary.
            var rank = i > 0 && CompareStanding(eligible[i - 1], s) == 0 ? rows[i - 1].Rank : i + 1;
            var tier = TierFor(rank, tiers, cutoffs);
            rows.Add(new MonthRankingRow(
                rank, s.AgentId, s.Name, s.Department, s.Specialty, s.Team,
                s.MonthPoints, s.WorkQualityPoints, s.MeanEfficiency, s.CumulativeAfter,
                StarLevel.Of(s.CumulativeAfter, stars, s.PreviousStars),
                tier?.Name, tier?.Amount ?? 0m));
        }

        return new MonthRankingResult(rows, Summarise(rows, tiers));
    }

    /// <summary>Summarises ranking rows (also rows read back from a published file) against the tiers that paid them.</summary>
    public static MonthRankingSummary Summarise(IReadOnlyList<MonthRankingRow> rows, IReadOnlyList<BonusTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(tiers);
        var payouts = tiers
            .Select(t =>
            {
                var paid = rows.Where(r => string.Equals(r.Tier, t.Name, StringComparison.Ordinal)).ToList();
                return new TierPayout(t.Name, t.Amount, paid.Count, paid.Sum(r => r.Amount));
            })
            .ToList();
        var paidRows = rows.Where(r => r.Tier is not null).ToList();
        return new MonthRankingSummary(rows.Count, payouts, paidRows.Count, paidRows.Sum(r => r.Amount));
    }

    /// <summary>Negative when <paramref name="x"/> ranks above <paramref name="y"/>; 0 when they share a rank.</summary>
    private static int CompareStanding(AgentMonthStanding x, AgentMonthStanding y)
    {
        var c = y.MonthPoints.CompareTo(x.MonthPoints);
        if (c != 0) return c;
        c = y.WorkQualityPoints.CompareTo(x.WorkQualityPoints);
        if (c != 0) return c;
        // No efficiency at all (no answered calls) ranks below any measured efficiency.
        c = (y.MeanEfficiency ?? double.NegativeInfinity).CompareTo(x.MeanEfficiency ?? double.NegativeInfinity);
        if (c != 0) return c;
        return y.CumulativeBefore.CompareTo(x.CumulativeBefore);
    }

    private static BonusTier? TierFor(int rank, IReadOnlyList<BonusTier> tiers, int[] cutoffs)
    {
        for (var t = 0; t < tiers.Count; t++)
        {
            if (rank <= cutoffs[t]) return tiers[t];
        }
        return null;
    }

    private static void ValidateTiers(IReadOnlyList<BonusTier> tiers)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        // The rules loader validates these too; a bad list here is a programming error, so it throws.
        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            if (t.Share is <= 0m or > 1m)
                throw new ArgumentException($"Bonus tier {t.Name} has share {t.Share}; a share must be above 0 and at most 1.", nameof(tiers));
            if (t.Amount < 0m)
                throw new ArgumentException($"Bonus tier {t.Name} pays {t.Amount}; amounts cannot be negative.", nameof(tiers));
            if (i > 0 && t.Share <= tiers[i - 1].Share)
                throw new ArgumentException($"Bonus tier {t.Name} must have a larger share than {tiers[i - 1].Name}; list tiers best first, shares ascending.", nameof(tiers));
        }
        if (tiers.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tiers.Count)
            throw new ArgumentException("Bonus tier names must be unique.", nameof(tiers));
    }
}
