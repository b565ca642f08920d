using System.Globalization;
using Serverless.Domain.Metrics;

namespace Serverless.Functions.Api;

/// <summary>Parses and bounds the HR API's inputs (ids, dates, months, paging); each failure is a message for the caller.</summary>
public static class ApiInput
{
    public const int MaxIdLength = 64;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    /// <summary>
    /// Agent and award ids: 1–64 of letters, digits, <c>- _ .</c>. They become table keys, so anything a key cannot
    /// hold (<c>/ \ # ?</c>, control characters) is refused here rather than failing in storage.
    /// </summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static string IdRule(string what) => $"{what} must be 1–{MaxIdLength} characters of letters, digits, '-', '_' or '.'";

    public static bool TryMonth(string? text, out YearMonth month)
    {
        month = default;
        return text is { Length: 7 } && YearMonth.TryParse(text, out month);
    }

    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A page size within 1..<see cref="MaxPageSize"/>, <see cref="DefaultPageSize"/> when absent.</summary>
    public static bool TryPageSize(int? requested, out int pageSize, out string? error)
    {
        pageSize = requested ?? DefaultPageSize;
        error = pageSize is < 1 or > MaxPageSize ? $"pageSize must be between 1 and {MaxPageSize}." : null;
        return error is null;
    }
}
