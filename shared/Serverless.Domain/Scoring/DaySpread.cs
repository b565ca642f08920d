namespace Serverless.Domain.Scoring;

/// <summary>One group's spread of E: how many, and min, Q1, median, Q3, max (rounded to 4 decimals).</summary>
public sealed record SpreadBox(string Group, int Count, double Min, double Q1, double Median, double Q3, double Max)
{
    /// <summary>min, Q1, median, Q3, max, as a box plot draws them.</summary>
    public double[] Box() => [Min, Q1, Median, Q3, Max];
}

/// <summary>
/// One business day's spread of the efficiency index E (个人效能分布) per department and per specialty: the box of
/// each group, computed from every agent-day's E when the day's norms are computed and stored beside them, so the
/// one-day spread is read as one row instead of every agent's day.
/// </summary>
public sealed record DaySpread(IReadOnlyList<SpreadBox> ByDepartment, IReadOnlyList<SpreadBox> BySpecialty)
{
    public static readonly DaySpread Empty = new([], []);

    /// <summary>The boxes of each department and each specialty, in ordinal order of the group.</summary>
    public static DaySpread Of(IEnumerable<(string Department, string Specialty, double E)> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        return new DaySpread(Boxes(list.Select(v => (v.Department, v.E))), Boxes(list.Select(v => (v.Specialty, v.E))));
    }

    /// <summary>Each group's box, in ordinal order of the group.</summary>
    public static IReadOnlyList<SpreadBox> Boxes(IEnumerable<(string Group, double E)> values) => [.. values
        .GroupBy(v => v.Group, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g =>
        {
            var sorted = g.Select(v => v.E).Order().ToList();
            return new SpreadBox(g.Key, sorted.Count, Quantile(sorted, 0), Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75), Quantile(sorted, 1));
        })];

    /// <summary>The q-quantile of sorted values, linear between ranks (as ECharts' own prepareBoxplotData), 4 decimals.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var pos = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return Math.Round(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo), 4);
    }

    public bool Equals(DaySpread? other) =>
        other is not null && ByDepartment.SequenceEqual(other.ByDepartment) && BySpecialty.SequenceEqual(other.BySpecialty);

    public override int GetHashCode() => HashCode.Combine(ByDepartment.Count, BySpecialty.Count);
}
