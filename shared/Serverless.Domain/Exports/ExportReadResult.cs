namespace Serverless.Domain.Exports;

/// <summary>
/// Everything reading one export found: how the bytes were read, what was kept, what was skipped and why.
/// Only the list matching the file's kind is filled; a rejected file fills none.
/// </summary>
public sealed record ExportReadResult
{
    public required ImportOutcome Outcome { get; init; }
    /// <summary>The hash of the blob's bytes as stored (before any gunzip), prefixed with its algorithm: <c>xxh128:</c> and 32 lower-case hex digits.
    /// It recognises the same bytes dropped again; it is not a security check.</summary>
    public required string ContentHash { get; init; }
    public long RawBytes { get; init; }
    /// <summary><c>utf-8</c>, <c>utf-8-bom</c> or <c>gb18030</c>; null when unreadable.</summary>
    public string? Encoding { get; init; }
    public char Delimiter { get; init; } = ',';
    public IReadOnlyList<string> HeadersSeen { get; init; } = [];
    public IReadOnlyList<string> MissingColumns { get; init; } = [];
    public long DataRows { get; init; }
    public long AcceptedRows { get; init; }
    public long BadRows { get; init; }
    public string? RejectionReason { get; init; }
    public IReadOnlyList<RowError> RowErrors { get; init; } = [];

    public IReadOnlyList<Metrics.AgentDayMetrics> Metrics { get; init; } = [];
    public IReadOnlyList<RosterRecord> Roster { get; init; } = [];
    public IReadOnlyList<AwardRecord> Awards { get; init; } = [];
    public IReadOnlyList<WorkItemRecord> WorkItems { get; init; } = [];
}
