using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>What the close does with a month that has gaps: <c>wait</c> (no v1 until the files are in or HR accepts the
/// gaps) or <c>publish</c> (v1 with the gaps listed in its manifest).</summary>
public enum CompletenessPolicy
{
    Wait,
    Publish,
}

/// <summary>What one source sent of one kind for one day, as the import log and the exports container show it.</summary>
public enum DayFileState
{
    /// <summary>Imported, every row accepted.</summary>
    Accepted,
    /// <summary>Imported; some rows were refused (the report names them). The day's data is in.</summary>
    WithErrors,
    /// <summary>The same bytes already counted under another source name: the day's data is in, counted once.</summary>
    Duplicate,
    /// <summary>The file was refused whole and no later file of the source replaced it: a gap.</summary>
    Rejected,
    /// <summary>The file is in the exports container but has no import status yet: a gap until it is imported.</summary>
    Importing,
    /// <summary>No file: a gap.</summary>
    Missing,
}

/// <summary>
/// Which kinds each business day needs, which are only shown, which sources are expected (empty: every source that sent a
/// required kind in the month) and what a gap does to the close. All of it configuration (<c>MonthClose:Completeness</c>).
/// </summary>
public sealed record CompletenessRules(
    IReadOnlyList<ExportKind> RequiredKinds,
    IReadOnlyList<ExportKind> OptionalKinds,
    IReadOnlyList<string> Sources,
    CompletenessPolicy Policy)
{
    /// <summary>calls and agent-time required, quality shown, every source seen expected, <c>wait</c>.</summary>
    public static CompletenessRules Default { get; } = new([ExportKind.Calls, ExportKind.AgentTime], [ExportKind.Quality], [], CompletenessPolicy.Wait);
}

/// <summary>One import status row as the completeness check reads it.</summary>
public sealed record ExportArrival(ExportKind Kind, DateOnly Date, string Source, DayFileState State, DateTimeOffset ReceivedAt, string ImportId, string? RejectionReason = null);

/// <summary>One file in the exports container (kind, day and source from its path) with no import status for its current bytes yet.</summary>
public sealed record PendingExport(ExportKind Kind, DateOnly Date, string Source, string BlobName);

/// <summary>One cell of the day × kind × source matrix: its state, whether it is a gap, and the import in force (if any).</summary>
public sealed record CompletenessCell(
    DateOnly Date,
    ExportKind Kind,
    string Source,
    DayFileState State,
    bool Required,
    bool Gap,
    string? ImportId,
    DateTimeOffset? ReceivedAt,
    bool AfterClose,
    string? RejectionReason);

/// <summary>A gap as the manifest lists it.</summary>
public sealed record CompletenessGap(DateOnly Date, string Kind, string Source, string State);

/// <summary>
/// The manifest's account of the month's completeness at publication: whether every business day had every required
/// file, under which policy, whether HR accepted the gaps, and the gaps themselves.
/// </summary>
public sealed record ManifestCompleteness(bool Complete, string Policy, bool GapsAccepted, IReadOnlyList<CompletenessGap> Gaps);

/// <summary>
/// A month's completeness: the business days judged, the matrix, the gaps, and the imports that arrived after the month
/// was closed (v1 published), which change nothing published until HR re-publishes.
/// </summary>
public sealed record MonthCompleteness(
    YearMonth Month,
    CompletenessRules Rules,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<string> Sources,
    IReadOnlyList<CompletenessCell> Cells,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<ExportArrival> AfterClose)
{
    public IReadOnlyList<CompletenessCell> Gaps => [.. Cells.Where(c => c.Gap)];

    public bool IsComplete => !Cells.Any(c => c.Gap);

    /// <summary>The gaps as the manifest lists them.</summary>
    public ManifestCompleteness ForManifest(bool gapsAccepted) => new(
        IsComplete, Rules.Policy.ToString().ToLowerInvariant(), gapsAccepted && !IsComplete,
        [.. Gaps.Select(g => new CompletenessGap(g.Date, g.Kind.ToPathName(), g.Source, StateName(g.State)))]);

    /// <summary>One sentence naming the first gaps, for logs and problem details.</summary>
    public string Describe(int max = 5)
    {
        var gaps = Gaps;
        if (gaps.Count == 0) return $"{Month}: every business day has every required file.";
        var named = string.Join("; ", gaps.Take(max).Select(g => $"{g.Date:yyyy-MM-dd} {g.Kind.ToPathName()} from {g.Source} {StateName(g.State)}"));
        return $"{gaps.Count} gap{(gaps.Count == 1 ? "" : "s")} in {Month}: {named}{(gaps.Count > max ? $"; and {gaps.Count - max} more" : "")}";
    }

    public static string StateName(DayFileState state) => state switch
    {
        DayFileState.Accepted => "accepted",
        DayFileState.WithErrors => "with-errors",
        DayFileState.Duplicate => "duplicate",
        DayFileState.Rejected => "rejected",
        DayFileState.Importing => "importing",
        DayFileState.Missing => "missing",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

/// <summary>
/// The completeness check's pure middle: which days are business days, which sources are expected, and each cell's state.
/// </summary>
/// <remarks>
/// <para><b>Business days.</b> The 95598 hotline answers every day of the year, so every calendar day is a business day;
/// the days judged run from the month's first day to <c>lastDay</c> (the month's last day, or today for a month under
/// way). In the first month the pipeline ever receives exports (no export on the day before the month), the days before
/// its first export are not judged: the pipeline did not exist yet. A month with no export at all has nothing to judge
/// (and nothing to score: the close answers "no data").</para>
/// <para><b>Sources.</b> Every source that sent a required kind in the month is expected for
/// every required kind on every business day, unless the rules name the sources. An optional kind is shown for the
/// sources that sent it and is never a gap.</para>
/// <para><b>The file in force.</b> Of a slot's import rows, the latest received that was not rejected is in force (a
/// rejected file never replaces one that was accepted); a slot with only rejected rows is rejected; a slot whose file is
/// in the container but not yet imported is importing.</para>
/// </remarks>
public static class CompletenessCheck
{
    public static MonthCompleteness Judge(
        YearMonth month,
        DateOnly lastDay,
        CompletenessRules rules,
        IReadOnlyList<ExportArrival> arrivals,
        IReadOnlyList<PendingExport> pending,
        bool receivedBefore,
        DateTimeOffset? closedAt)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(pending);
        var inMonth = arrivals.Where(a => YearMonth.Of(a.Date) == month && a.Date <= lastDay).ToList();
        var waiting = pending.Where(p => YearMonth.Of(p.Date) == month && p.Date <= lastDay).ToList();
        var afterClose = closedAt is { } closed ? inMonth.Where(a => a.ReceivedAt > closed)
            .OrderBy(a => a.ReceivedAt).ThenBy(a => a.Date).ThenBy(a => a.Kind).ThenBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.ImportId, StringComparer.Ordinal).ToList() : [];

        var seenDays = inMonth.Select(a => a.Date).Concat(waiting.Select(p => p.Date)).ToList();
        var first = receivedBefore ? month.FirstDay : seenDays.Count == 0 ? (DateOnly?)null : seenDays.Min();
        var days = new List<DateOnly>();
        for (var d = first; d is { } day && day <= lastDay && day <= month.LastDay; d = day.AddDays(1)) days.Add(day);

        var required = rules.RequiredKinds.Distinct().ToList();
        var optional = rules.OptionalKinds.Where(k => !required.Contains(k)).Distinct().ToList();
        var expected = rules.Sources.Count > 0
            ? rules.Sources.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : inMonth.Where(a => required.Contains(a.Kind)).Select(a => a.Source)
                .Concat(waiting.Where(p => required.Contains(p.Kind)).Select(p => p.Source))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var bySlot = inMonth.ToLookup(a => (a.Kind, a.Date, a.Source));
        var pendingSlots = waiting.Select(p => (p.Kind, p.Date, p.Source)).ToHashSet();
        var cells = new List<CompletenessCell>();
        foreach (var day in days)
        {
            foreach (var kind in required.Concat(optional))
            {
                var isRequired = required.Contains(kind);
                var sources = isRequired
                    ? expected
                    : inMonth.Where(a => a.Kind == kind).Select(a => a.Source).Concat(waiting.Where(p => p.Kind == kind).Select(p => p.Source))
                        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                foreach (var source in sources)
                {
                    var rows = bySlot[(kind, day, source)].ToList();
                    var inForce = rows.Where(r => r.State != DayFileState.Rejected).MaxBy(r => r.ReceivedAt);
                    var shown = inForce ?? rows.MaxBy(r => r.ReceivedAt);
                    var state = inForce?.State
                        ?? (pendingSlots.Contains((kind, day, source)) ? DayFileState.Importing
                        : rows.Count > 0 ? DayFileState.Rejected
                        : DayFileState.Missing);
                    var gap = isRequired && state is DayFileState.Rejected or DayFileState.Importing or DayFileState.Missing;
                    cells.Add(new CompletenessCell(day, kind, source, state, isRequired, gap, shown?.ImportId, shown?.ReceivedAt,
                        closedAt is { } c && shown is not null && shown.ReceivedAt > c, shown?.State == DayFileState.Rejected ? shown.RejectionReason : null));
                }
            }
        }
        return new MonthCompleteness(month, rules, days, expected, cells, closedAt, afterClose);
    }
}
