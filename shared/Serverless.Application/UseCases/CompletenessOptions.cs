using Serverless.Domain.Exports;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>
/// The completeness check's settings (section <c>MonthClose:Completeness</c>, app settings
/// <c>MonthClose__Completeness__Policy</c> and so on): comma-separated kinds and sources as an operator types them.
/// </summary>
public sealed record CompletenessOptions
{
    /// <summary><c>wait</c> (default: no v1 while a required file is missing, rejected or importing) or <c>publish</c> (v1 with the gaps listed).</summary>
    public string Policy { get; init; } = "wait";

    /// <summary>The kinds every business day needs from every expected source.</summary>
    public string RequiredKinds { get; init; } = "calls,agent-time";

    /// <summary>Kinds shown in the matrix for the sources that send them, never a gap.</summary>
    public string OptionalKinds { get; init; } = "quality";

    /// <summary>The expected sources; empty (default): every source that sent a required kind in the month.</summary>
    public string Sources { get; init; } = "";

    /// <summary>The rules these settings say.</summary>
    /// <exception cref="InvalidOperationException">A setting names no known policy or kind: the message says which and what is allowed.</exception>
    public CompletenessRules ToRules()
    {
        var policy = (Policy ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "wait" => CompletenessPolicy.Wait,
            "publish" => CompletenessPolicy.Publish,
            var other => throw new InvalidOperationException($"MonthClose:Completeness:Policy is '{other}'; it must be wait or publish."),
        };
        return new CompletenessRules(Kinds(RequiredKinds, nameof(RequiredKinds)), Kinds(OptionalKinds, nameof(OptionalKinds)), List(Sources), policy);
    }

    private static List<string> List(string? value) =>
        [.. (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    private static List<ExportKind> Kinds(string? value, string setting) =>
        [.. List(value).Select(name => ExportKinds.TryParse(name, out var kind) && kind is not ExportKind.Roster
            ? kind
            : throw new InvalidOperationException($"MonthClose:Completeness:{setting} names '{name}'; kinds are calls, agent-time, quality, awards, work-items."))];
}
