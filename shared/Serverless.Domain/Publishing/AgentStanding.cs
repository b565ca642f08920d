using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>
/// An agent's standing (累计积分, 星级) as the closed months made it. Keeping each month's points, rather than one running
/// total, is what lets any month be re-published (or closed late) and still add up: "cumulative before M" is always the
/// sum of the closed months before M, whatever order they were closed or re-published in.
/// </summary>
public sealed record AgentStanding(string AgentId, IReadOnlyList<ClosedMonthPoints> Months)
{
    public static AgentStanding Empty(string agentId) => new(agentId, []);

    /// <summary>Cumulative points of all closed months.</summary>
    public decimal Cumulative => Months.Sum(m => m.Points);

    /// <summary>Stars never drop, so the current level is the highest any closed month reached.</summary>
    public int Stars => Months.Count == 0 ? 0 : Months.Max(m => m.Stars);

    public YearMonth? LastClosedMonth => Months.Count == 0 ? null : Months.Max(m => m.Month);

    /// <summary>Cumulative points of the closed months before <paramref name="month"/> (the month itself excluded).</summary>
    public decimal CumulativeBefore(YearMonth month) => Months.Where(m => m.Month.CompareTo(month) < 0).Sum(m => m.Points);

    /// <summary>The highest star level held before <paramref name="month"/>.</summary>
    public int StarsBefore(YearMonth month) =>
        Months.Where(m => m.Month.CompareTo(month) < 0).Select(m => m.Stars).DefaultIfEmpty(0).Max();

    /// <summary>This standing with <paramref name="month"/>'s entry set to <paramref name="points"/> (replacing any earlier version of it).</summary>
    public AgentStanding With(ClosedMonthPoints points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (!string.Equals(points.AgentId, AgentId, StringComparison.Ordinal))
            throw new ArgumentException($"Points of {points.AgentId} cannot go into {AgentId}'s standing.", nameof(points));
        return this with { Months = [.. Months.Where(m => m.Month != points.Month).Append(points).OrderBy(m => m.Month)] };
    }
}
