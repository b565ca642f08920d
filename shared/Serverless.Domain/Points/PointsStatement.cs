using System.Globalization;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Points;

/// <summary>
/// An agent's points over a date range (积分查询): the ledger rows of the range, each month's totals by dimension,
/// cumulative points and stars, and the growth curve (cumulative at the end of each month).
/// </summary>
/// <remarks>
/// Months are whole: a range that starts or ends mid-month still totals the whole months it touches, because caps
/// and monthly rules are monthly. The range's end month is the last month totalled.
/// </remarks>
public sealed record PointsStatement(
    string AgentId,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<StoredLedgerEntry> Entries,
    IReadOnlyList<MonthPoints> Months,
    decimal Cumulative,
    int Stars)
{
    /// <summary>
    /// Builds the statement from every ledger entry of the agent up to the end of <paramref name="to"/>'s month
    /// (cumulative needs the months before the range too).
    /// </summary>
    public static PointsStatement Build(string agentId, IReadOnlyList<StoredLedgerEntry> history, RuleBook rules, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(rules);
        if (to < from) throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));

        var firstMonth = YearMonth.Of(from);
        var lastMonth = YearMonth.Of(to);
        var byMonth = history
            .Where(e => e.Entry.Period.Month.CompareTo(lastMonth) <= 0)
            .GroupBy(e => e.Entry.Period.Month)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Entry).ToList());

        var months = new List<MonthPoints>();
        var cumulative = 0m;
        var stars = 0;
        var start = byMonth.Count == 0 ? firstMonth : Min(byMonth.Keys.Min(), firstMonth);
        for (var month = start; month.CompareTo(lastMonth) <= 0; month = YearMonth.Of(month.FirstDay.AddMonths(1)))
        {
            var entries = byMonth.GetValueOrDefault(month) ?? [];
            var inForce = InForce(rules, month);
            var totals = Totals(entries, inForce);
            var points = totals.Sum(t => t.Counted);
            cumulative += points;
            stars = StarLevel.Of(cumulative, inForce?.Stars ?? [], stars);
            if (month.CompareTo(firstMonth) >= 0)
            {
                months.Add(new MonthPoints(month, entries.Any(e => e.Period.Kind == LedgerPeriodKind.Month), totals, points, cumulative, stars));
            }
        }

        var inRange = history
            .Where(e => e.Entry.Period.Kind == LedgerPeriodKind.Day
                ? e.Entry.Period.Start >= from && e.Entry.Period.Start <= to
                : e.Entry.Period.Month.CompareTo(firstMonth) >= 0 && e.Entry.Period.Month.CompareTo(lastMonth) <= 0)
            .OrderBy(e => e.Entry.Period)
            .ThenBy(e => e.Entry.Rule, StringComparer.Ordinal)
            .ToList();
        return new PointsStatement(agentId, from, to, inRange, months, cumulative, stars);
    }

    /// <summary>
    /// Counted points per dimension. A closed month carries its caps as 0-point "cap:…" and half-cap entries whose
    /// inputs say how much was not counted; an open month has none yet, so the caps of its rules apply provisionally.
    /// </summary>
    private static List<DimensionTotal> Totals(List<LedgerEntry> entries, RulesDocument? rules)
    {
        var closed = entries.Any(e => e.Period.Kind == LedgerPeriodKind.Month);
        var earned = new SortedDictionary<Dimension, decimal>();
        var notCounted = new Dictionary<Dimension, decimal>();
        foreach (var entry in entries)
        {
            earned[entry.Dimension] = earned.GetValueOrDefault(entry.Dimension) + entry.Points;
            if (closed && IsCap(entry.Rule) && NotCounted(entry.Inputs) is { } withheld)
            {
                notCounted[entry.Dimension] = notCounted.GetValueOrDefault(entry.Dimension) + withheld;
            }
        }
        return earned.Select(pair =>
        {
            var counted = pair.Value - notCounted.GetValueOrDefault(pair.Key);
            if (!closed && rules is not null && rules.Caps.TryGetValue(pair.Key, out var cap) && counted > cap) counted = cap;
            return new DimensionTotal(pair.Key, pair.Value, counted);
        }).ToList();
    }

    private static bool IsCap(string rule) =>
        rule.StartsWith("cap:", StringComparison.Ordinal) || rule == "team-building-half-cap";

    private static decimal? NotCounted(string inputs)
    {
        const string key = "notCounted=";
        var at = inputs.IndexOf(key, StringComparison.Ordinal);
        if (at < 0) return null;
        var value = inputs.AsSpan(at + key.Length);
        var end = value.IndexOf(' ');
        if (end >= 0) value = value[..end];
        return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var points) ? points : null;
    }

    /// <summary>The version that closes the month: the one in force on its last day, else the earliest (before any version).</summary>
    private static RulesDocument? InForce(RuleBook rules, YearMonth month) =>
        rules.InForceOn(month.LastDay) ?? rules.Versions.FirstOrDefault();

    private static YearMonth Min(YearMonth a, YearMonth b) => a.CompareTo(b) <= 0 ? a : b;
}
