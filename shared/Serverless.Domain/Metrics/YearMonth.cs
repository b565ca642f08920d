using System.Globalization;

namespace Serverless.Domain.Metrics;

/// <summary>A calendar month ("a date without the day"), e.g. 2026-10.</summary>
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public static YearMonth Of(DateOnly date) => new(date.Year, date.Month);

    public DateOnly FirstDay => new(Year, Month, 1);

    /// <summary>The last day; it is part of the month.</summary>
    public DateOnly LastDay => FirstDay.AddMonths(1).AddDays(-1);

    public YearMonth Previous => Of(FirstDay.AddMonths(-1));

    public IEnumerable<DateOnly> Days()
    {
        for (var d = FirstDay; d <= LastDay; d = d.AddDays(1)) yield return d;
    }

    public int CompareTo(YearMonth other) => (Year, Month).CompareTo((other.Year, other.Month));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)) return false;
        month = Of(first);
        return true;
    }
}
