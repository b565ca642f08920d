namespace Serverless.Domain.Publishing;

/// <summary>The talent pool (成长通道): top active agents by cumulative points, for promotion to trainer or inspector.</summary>
public static class TalentPool
{
    /// <summary>
    /// Active agents with at least <see cref="TalentPoolCriteria.MinStars"/> stars and
    /// <see cref="TalentPoolCriteria.MinTenureMonths"/> whole months of tenure, best cumulative first
    /// (then <see cref="AgentMonthStanding.AgentId"/> ordinal), at most <see cref="TalentPoolCriteria.Top"/> of them.
    /// </summary>
    public static IReadOnlyList<TalentCandidate> Select(IEnumerable<AgentMonthStanding> standings, IReadOnlyList<StarThreshold> stars, TalentPoolCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(standings);
        ArgumentNullException.ThrowIfNull(stars);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentOutOfRangeException.ThrowIfNegative(criteria.Top);

        return standings
            .Where(s => s.Active)
            .Select(s => (Standing: s, Stars: StarLevel.Of(s.CumulativeAfter, stars, s.PreviousStars), Tenure: TenureMonths(s.HireDate, criteria.AsOf)))
            .Where(c => c.Stars >= criteria.MinStars)
            // An unknown hire date cannot prove a minimum tenure, so it only passes when none is asked for.
            .Where(c => criteria.MinTenureMonths <= 0 || c.Tenure >= criteria.MinTenureMonths)
            .OrderByDescending(c => c.Standing.CumulativeAfter)
            .ThenBy(c => c.Standing.AgentId, StringComparer.Ordinal)
            .Take(criteria.Top)
            .Select((c, i) => new TalentCandidate(
                i + 1, c.Standing.AgentId, c.Standing.Name, c.Standing.Department, c.Standing.Specialty, c.Standing.Team,
                c.Standing.CumulativeAfter, c.Stars, c.Standing.HireDate, c.Tenure))
            .ToList();
    }

    /// <summary>Whole months from the hire date to <paramref name="asOf"/> (hired 2024-03-15: 12 months on 2025-03-15, 11 on 2025-03-14).</summary>
    public static int? TenureMonths(DateOnly? hireDate, DateOnly asOf)
    {
        if (hireDate is not { } hired || hired > asOf) return hireDate is null ? null : 0;
        var months = (asOf.Year - hired.Year) * 12 + asOf.Month - hired.Month;
        // AddMonths clamps to the month's end, so a hire on the 31st completes a month on the 30th of a shorter month.
        if (hired.AddMonths(months) > asOf) months--;
        return months;
    }
}
