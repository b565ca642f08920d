namespace Serverless.Storage;

/// <summary>One CSV cell, RFC 4180 quoted, with spreadsheet formula injection neutralised.</summary>
public static class CsvCell
{
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        // A cell starting with = + - @ (or tab/CR) is a formula to Excel; a leading quote makes it text.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
