namespace Serverless.Domain.Exports;

/// <summary>One column of an export kind: its English name, the header names that mean it, and whether a file must have it.</summary>
/// <param name="Personal">Customer or employee personal data: its values are masked in every report.</param>
public sealed record ExportColumn(string Name, IReadOnlyList<string> Aliases, bool Required, bool Personal = false)
{
    /// <summary>Whether a (trimmed) header names this column: its name or an alias, ignoring case.</summary>
    public bool Matches(string header) =>
        header.Equals(Name, StringComparison.OrdinalIgnoreCase)
        || Aliases.Any(alias => header.Equals(alias, StringComparison.OrdinalIgnoreCase));

    /// <summary>The name with its first alias, as reports name a missing column: <c>agent_id (坐席工号)</c>.</summary>
    public string Describe() => Aliases.Count > 0 ? $"{Name} ({Aliases[0]})" : Name;
}
