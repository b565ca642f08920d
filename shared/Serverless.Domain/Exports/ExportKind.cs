namespace Serverless.Domain.Exports;

/// <summary>The seven kinds of daily export a call center drops into <c>exports/</c>.</summary>
public enum ExportKind
{
    Calls,
    AgentTime,
    Quality,
    Awards,
    WorkItems,
    Roster,
    /// <summary>行为规范: conduct events a supervisor recorded (appended: the values of the others are unchanged).</summary>
    Conduct,
}

/// <summary>Path names of <see cref="ExportKind"/> (<c>calls</c>, <c>agent-time</c>, …).</summary>
public static class ExportKinds
{
    public static string ToPathName(this ExportKind kind) => kind switch
    {
        ExportKind.Calls => "calls",
        ExportKind.AgentTime => "agent-time",
        ExportKind.Quality => "quality",
        ExportKind.Awards => "awards",
        ExportKind.WorkItems => "work-items",
        ExportKind.Roster => "roster",
        ExportKind.Conduct => "conduct",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(ReadOnlySpan<char> name, out ExportKind kind)
    {
        foreach (var candidate in Enum.GetValues<ExportKind>())
        {
            if (name.Equals(candidate.ToPathName(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}
