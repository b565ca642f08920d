using System.Globalization;
using CsvHelper;

namespace Serverless.Domain.Publishing;

/// <summary>The number formats and CSV settings every published file shares, so the same value reads the same in each.</summary>
public static class PublicationFormat
{
    /// <summary>Money in CNY: always two decimals, as payroll expects.</summary>
    public const string Amount = "0.00";

    /// <summary>Points without trailing zeros and never in exponent notation (12.50 → 12.5).</summary>
    public const string Points = "0.############################";

    /// <summary>Mean efficiency to two decimals; it is a display value, ranking already used the exact one.</summary>
    public const string Efficiency = "0.##";

    /// <summary>
    /// CsvHelper 34 writer options: RFC 4180, CRLF, invariant numbers, and CSV-injection escaping — a text cell that starts
    /// with = + - @, tab or CR gets a leading apostrophe; numbers are not text, so a negative number stays a number.
    /// </summary>
    public static CsvWriterOptions Csv(bool byteOrderMark, bool sameFieldCount = true) => CsvWriterOptions.Default with
    {
        // The BOM is what makes Excel open UTF-8 as UTF-8, so Chinese names show instead of mojibake.
        WriteByteOrderMark = byteOrderMark,
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
        NewLine = "\r\n",
        ValidateFieldCount = sameFieldCount,
    };
}
