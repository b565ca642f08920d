using System.Globalization;

namespace Serverless.Domain.Exports;

/// <summary>
/// Where an export lives: <c>{kind}/{yyyy-MM-dd}/{source}.csv[.gz]</c> inside the <c>exports</c> container.
/// The date is the business day in Asia/Shanghai.
/// </summary>
public sealed record ExportPath(ExportKind Kind, DateOnly Date, string Source, bool IsGzip)
{
    public string BlobName => $"{Kind.ToPathName()}/{Date:yyyy-MM-dd}/{Source}.csv{(IsGzip ? ".gz" : "")}";

    /// <summary>Reads a blob name; a failure says what the convention is.</summary>
    public static bool TryParse(string blobName, out ExportPath? path, out string? error)
    {
        path = null;
        var parts = blobName.Trim('/').Split('/');
        if (parts.Length != 3)
        {
            error = $"'{blobName}' is not of the form {{kind}}/{{yyyy-MM-dd}}/{{source}}.csv[.gz].";
            return false;
        }
        if (!ExportKinds.TryParse(parts[0], out var kind))
        {
            error = $"'{parts[0]}' is not an export kind; expected one of calls, agent-time, quality, awards, work-items, roster.";
            return false;
        }
        if (!DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = $"'{parts[1]}' is not a date in yyyy-MM-dd form.";
            return false;
        }
        var file = parts[2];
        var gzip = file.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);
        if (!gzip && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{file}' must end in .csv or .csv.gz.";
            return false;
        }
        var source = file[..^(gzip ? 7 : 4)];
        // Spaces and parentheses are what a browser or file manager adds to a second copy ("north (1).csv",
        // "north - Copy.csv"): such a copy is read, so that identical bytes are reported as a duplicate instead of
        // vanishing into the handler's log.
        if (source.Length == 0 || source.Length > 64 || source[0] == ' ' || source[^1] == ' '
            || !source.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ' ' or '(' or ')'))
        {
            error = $"source '{source}' must be 1-64 letters, digits, '-', '_', spaces or parentheses (not starting or ending with a space).";
            return false;
        }
        path = new ExportPath(kind, date, source.ToLowerInvariant(), gzip);
        error = null;
        return true;
    }
}
