using System.Globalization;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>The day or month a ledger entry scores (积分周期), keyed "2026-10-03" or "2026-10".</summary>
public readonly record struct LedgerPeriod : IComparable<LedgerPeriod>
{
    private LedgerPeriod(LedgerPeriodKind kind, DateOnly start)
    {
        Kind = kind;
        Start = start;
    }

    public LedgerPeriodKind Kind { get; }

    /// <summary>The day, or the month's first day.</summary>
    public DateOnly Start { get; }

    public YearMonth Month => YearMonth.Of(Start);

    /// <summary>Formatted only when asked, so scoring a day allocates no key strings.</summary>
    public string Key => Kind == LedgerPeriodKind.Day
        ? Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Month.ToString();

    public static LedgerPeriod Day(DateOnly day) => new(LedgerPeriodKind.Day, day);

    public static LedgerPeriod OfMonth(YearMonth month) => new(LedgerPeriodKind.Month, month.FirstDay);

    public static bool TryParse(string? key, out LedgerPeriod period)
    {
        period = default;
        if (DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            period = Day(day);
            return true;
        }
        if (key is { Length: 7 } && YearMonth.TryParse(key, out var month))
        {
            period = OfMonth(month);
            return true;
        }
        return false;
    }

    /// <summary>Days before months starting the same day; otherwise by start.</summary>
    public int CompareTo(LedgerPeriod other)
    {
        var byStart = Start.CompareTo(other.Start);
        return byStart != 0 ? byStart : Kind.CompareTo(other.Kind);
    }

    public override string ToString() => Key;
}
