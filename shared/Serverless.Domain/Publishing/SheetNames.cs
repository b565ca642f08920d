namespace Serverless.Domain.Publishing;

/// <summary>Turns department names into worksheet names Excel accepts: at most 31 characters, none of []:*?/\, unique ignoring case.</summary>
public static class SheetNames
{
    public const int MaxLength = 31;

    private static readonly char[] Forbidden = ['[', ']', ':', '*', '?', '/', '\\'];

    /// <summary>
    /// One valid, unique sheet name per input name, in input order. <paramref name="reserved"/> names (such as "summary")
    /// are taken already; a clash gets " (2)", " (3)"… inside the 31-character limit.
    /// </summary>
    public static IReadOnlyList<string> Assign(IEnumerable<string> names, IEnumerable<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(reserved);
        // Excel compares sheet names without case, and reserves "History" for change tracking.
        var taken = new HashSet<string>(reserved, StringComparer.OrdinalIgnoreCase) { "History" };
        var result = new List<string>();
        foreach (var name in names)
        {
            var baseName = Clean(name);
            var candidate = baseName;
            for (var n = 2; !taken.Add(candidate); n++)
            {
                var suffix = $" ({n})";
                candidate = Truncate(baseName, MaxLength - suffix.Length) + suffix;
            }
            result.Add(candidate);
        }
        return result;
    }

    /// <summary>A single name made valid, without the uniqueness check.</summary>
    public static string Clean(string? name)
    {
        var chars = (name ?? "").Select(c => Array.IndexOf(Forbidden, c) >= 0 || char.IsControl(c) ? '_' : c).ToArray();
        // Excel rejects a name that starts or ends with an apostrophe, and a blank one.
        var cleaned = Truncate(new string(chars).Trim(), MaxLength).Trim('\'').Trim();
        return cleaned.Length == 0 ? "_" : cleaned;
    }

    private static string Truncate(string text, int length)
    {
        if (text.Length <= length) return text;
        // Do not cut a surrogate pair in half (a rare CJK extension character would become invalid UTF-16).
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut];
    }
}
