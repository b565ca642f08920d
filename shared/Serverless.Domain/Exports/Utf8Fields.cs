using System.Globalization;
using System.Text;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>Parses export field values straight from their UTF-8 bytes, allocating nothing.</summary>
/// <remarks>Each parser returns null on success or the <see cref="RowErrorReasons"/> constant that says what is wrong.</remarks>
internal static class Utf8Fields
{
    private const int SecondsPerDay = 24 * 60 * 60;

    /// <summary>The value without surrounding spaces and tabs (people pad cells; quoted values keep theirs inside the quotes).</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        // Nearly every cell starts and ends with a visible byte: two compares, no loops.
        if (value.IsEmpty || (value[0] > (byte)' ' && value[^1] > (byte)' '))
        {
            return value;
        }
        var start = 0;
        var end = value.Length;
        while (start < end && value[start] is (byte)' ' or (byte)'\t')
        {
            start++;
        }
        while (end > start && value[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--;
        }
        return value[start..end];
    }

    /// <summary>Whole seconds or <c>H:mm:ss</c>, 0 to 24 h.</summary>
    public static string? Duration(ReadOnlySpan<byte> s, out int seconds)
    {
        // The usual form, a few plain digits: one pass, no search for a colon.
        if (s.Length is > 0 and <= 5)
        {
            var value = 0;
            var i = 0;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
            {
                value = (value * 10) + (s[i] - '0');
            }
            if (i == s.Length && value <= SecondsPerDay)
            {
                seconds = value;
                return null;
            }
        }
        seconds = 0;
        var negative = s.Length > 0 && s[0] == (byte)'-';
        var body = negative ? s[1..] : s;
        long total;
        var colon = body.IndexOf((byte)':');
        if (colon < 0)
        {
            if (!Digits(body, 9, out total))
            {
                return RowErrorReasons.NotADuration;
            }
        }
        else
        {
            // H:mm:ss — hours may have any number of digits; minutes and seconds are two.
            var rest = body[(colon + 1)..];
            if (!Digits(body[..colon], 6, out var h) || rest.Length != 5 || rest[2] != (byte)':'
                || !Digits(rest[..2], 2, out var m) || !Digits(rest[3..], 2, out var sec) || m > 59 || sec > 59)
            {
                return RowErrorReasons.NotADuration;
            }
            total = (h * 3600) + (m * 60) + sec;
        }
        if (negative && total > 0)
        {
            return RowErrorReasons.NegativeDuration;
        }
        if (total > SecondsPerDay)
        {
            return RowErrorReasons.DurationOver24Hours;
        }
        seconds = (int)total;
        return null;
    }

    /// <summary>A non-negative whole number.</summary>
    public static string? Count(ReadOnlySpan<byte> s, out int value)
    {
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return value < 0 ? RowErrorReasons.NegativeNumber : null;
        }
        return RowErrorReasons.NotAnInteger;
    }

    /// <summary>A decimal number (a quality score, a work-item quantity).</summary>
    public static string? Number(ReadOnlySpan<byte> s, out decimal value) =>
        decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out value) ? null : RowErrorReasons.NotANumber;

    /// <summary>A share 0..1 written as <c>0.95</c>, <c>95</c> or <c>95%</c>: a plain number above 1 is a percentage.</summary>
    public static string? Rate(ReadOnlySpan<byte> s, out double rate)
    {
        var percent = s.Length > 0 && s[^1] == (byte)'%';
        if (!double.TryParse(percent ? Trim(s[..^1]) : s, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !double.IsFinite(rate))
        {
            return RowErrorReasons.NotARate;
        }
        if (rate < 0)
        {
            return RowErrorReasons.NegativeNumber;
        }
        if (percent || rate > 1)
        {
            rate /= 100;
        }
        return rate > 1 ? RowErrorReasons.RateOutOfRange : null;
    }

    /// <summary><c>1/0</c>, <c>true/false</c>, <c>Y/N</c>, <c>yes/no</c>, <c>是/否</c>.</summary>
    public static string? Boolean(ReadOnlySpan<byte> s, out bool value)
    {
        if (s.Length == 1 && s[0] is (byte)'0' or (byte)'1')
        {
            value = s[0] == (byte)'1';
            return null;
        }
        if (s.SequenceEqual("1"u8) || Ascii.EqualsIgnoreCase(s, "true"u8) || Ascii.EqualsIgnoreCase(s, "y"u8)
            || Ascii.EqualsIgnoreCase(s, "yes"u8) || s.SequenceEqual("是"u8))
        {
            value = true;
            return null;
        }
        value = false;
        if (s.SequenceEqual("0"u8) || Ascii.EqualsIgnoreCase(s, "false"u8) || Ascii.EqualsIgnoreCase(s, "n"u8)
            || Ascii.EqualsIgnoreCase(s, "no"u8) || s.SequenceEqual("否"u8))
        {
            return null;
        }
        return RowErrorReasons.NotABoolean;
    }

    /// <summary>A business date: <c>yyyy-MM-dd</c> or <c>yyyy/M/d</c>, a time after it ignored (Excel adds <c>0:00</c>).</summary>
    public static string? Date(ReadOnlySpan<byte> s, out DateOnly date)
    {
        if (!TryParseDateTime(s, timeRequired: false, out var local))
        {
            date = default;
            return RowErrorReasons.NotADate;
        }
        date = DateOnly.FromDateTime(local);
        return null;
    }

    /// <summary>
    /// A local (Asia/Shanghai) time: <c>yyyy-MM-dd HH:mm:ss</c>, <c>yyyy/M/d H:mm:ss</c> (seconds optional, as Excel saves them),
    /// or ISO 8601 with <c>T</c>, fractions and an offset or <c>Z</c> (converted to Asia/Shanghai).
    /// </summary>
    public static string? DateTime(ReadOnlySpan<byte> s, out DateTime local) =>
        TryParseDateTime(s, timeRequired: true, out local) ? null : RowErrorReasons.NotADateTime;

    private static bool TryParseDateTime(ReadOnlySpan<byte> s, bool timeRequired, out DateTime local)
    {
        if (s.Length == 19 && TryParseFixed(s, out local))
        {
            return true;
        }
        local = default;
        var i = 0;
        if (!Number(s, ref i, 4, 4, out var year) || i >= s.Length || s[i] is not ((byte)'-' or (byte)'/'))
        {
            return false;
        }
        var separator = s[i++];
        if (!Number(s, ref i, 1, 2, out var month) || i >= s.Length || s[i++] != separator || !Number(s, ref i, 1, 2, out var day))
        {
            return false;
        }
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > System.DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        if (i == s.Length)
        {
            local = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            return !timeRequired;
        }
        if (s[i] is not ((byte)' ' or (byte)'T'))
        {
            return false;
        }
        while (i < s.Length && s[i] == (byte)' ')
        {
            i++;
        }
        if (i < s.Length && s[i] == (byte)'T')
        {
            i++;
        }
        var second = 0;
        if (!Number(s, ref i, 1, 2, out var hour) || i >= s.Length || s[i++] != (byte)':' || !Number(s, ref i, 2, 2, out var minute))
        {
            return false;
        }
        if (i < s.Length && s[i] == (byte)':')
        {
            i++;
            if (!Number(s, ref i, 2, 2, out second))
            {
                return false;
            }
            if (i < s.Length && s[i] is (byte)'.' or (byte)',')
            {
                // Fractions of a second: whole seconds are what the metrics count.
                i++;
                if (!Number(s, ref i, 1, 9, out _))
                {
                    return false;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        if (i == s.Length)
        {
            return true;
        }
        return Offset(s[i..], out var offset) && ToShanghai(ref local, offset);
    }

    /// <summary>The common <c>yyyy-MM-dd HH:mm:ss</c> at fixed places, without the general parser's scanning; false sends
    /// the value to the general parser (which then accepts or rejects it exactly as before).</summary>
    private static bool TryParseFixed(ReadOnlySpan<byte> s, out DateTime local)
    {
        local = default;
        if (s[4] != (byte)'-' || s[7] != (byte)'-' || s[10] != (byte)' ' || s[13] != (byte)':' || s[16] != (byte)':')
        {
            return false;
        }
        var century = Two(s, 0);
        var yearOfCentury = Two(s, 2);
        var year = (century * 100) + yearOfCentury;
        var month = Two(s, 5);
        var day = Two(s, 8);
        var hour = Two(s, 11);
        var minute = Two(s, 14);
        var second = Two(s, 17);
        // A non-digit makes its pair negative or over 99, which the range checks below refuse.
        if (century < 0 || yearOfCentury < 0 || year < 1 || (uint)(month - 1) > 11 || day < 1
            || (uint)hour > 23 || (uint)minute > 59 || (uint)second > 59 || day > System.DateTime.DaysInMonth(year, month))
        {
            return false;
        }
        local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    // Two ASCII digits at i as 0..99; -1 when either is not a digit.
    private static int Two(ReadOnlySpan<byte> s, int i)
    {
        var tens = (uint)(s[i] - '0');
        var ones = (uint)(s[i + 1] - '0');
        return tens <= 9 && ones <= 9 ? (int)((tens * 10) + ones) : -1;
    }

    private static bool ToShanghai(ref DateTime local, TimeSpan offset)
    {
        var utc = local - offset;
        if (utc < System.DateTime.MinValue.AddDays(1) || utc > System.DateTime.MaxValue.AddDays(-1))
        {
            return false;
        }
        local = System.DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), BusinessCalendar.Zone), DateTimeKind.Unspecified);
        return true;
    }

    // Z, ±HH, ±HHmm or ±HH:mm.
    private static bool Offset(ReadOnlySpan<byte> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 1 && s[0] is (byte)'Z' or (byte)'z')
        {
            return true;
        }
        if (s.Length < 3 || s[0] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }
        var i = 1;
        if (!Number(s, ref i, 2, 2, out var hours))
        {
            return false;
        }
        var minutes = 0;
        if (i < s.Length)
        {
            if (s[i] == (byte)':')
            {
                i++;
            }
            if (!Number(s, ref i, 2, 2, out minutes) || i != s.Length)
            {
                return false;
            }
        }
        if (hours > 14 || minutes > 59)
        {
            return false;
        }
        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == (byte)'-')
        {
            offset = -offset;
        }
        return true;
    }

    // Reads minDigits..maxDigits ASCII digits at i.
    private static bool Number(ReadOnlySpan<byte> s, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < maxDigits && (uint)(s[i] - '0') <= 9)
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i - start >= minDigits;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int maxDigits, out long value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > maxDigits)
        {
            return false;
        }
        foreach (var b in s)
        {
            if ((uint)(b - '0') > 9)
            {
                return false;
            }
            value = (value * 10) + (b - '0');
        }
        return true;
    }
}
