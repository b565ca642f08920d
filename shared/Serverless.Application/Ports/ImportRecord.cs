using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>The status row of one import (导入记录), listed by the HR API.</summary>
public sealed record ImportRecord
{
    /// <summary>Every import has its own id, derived from its kind, day, source and content hash (<see cref="ImportIds.For"/>):
    /// the same bytes at the same place always get the same id, the same bytes under another source name another one.</summary>
    public required string ImportId { get; init; }
    public required ExportKind Kind { get; init; }
    public required DateOnly Date { get; init; }
    public required string Source { get; init; }
    public required string BlobName { get; init; }
    public required string BlobETag { get; init; }
    public required ImportStatus Status { get; init; }
    /// <summary>The content hash with its algorithm prefix (<c>xxh128:…</c>).</summary>
    public required string ContentHash { get; init; }
    public long DataRows { get; init; }
    public long AcceptedRows { get; init; }
    public long BadRows { get; init; }
    /// <summary>Agents in the file who are not on the roster: kept (scored under <c>unassigned</c>) and listed in the report.</summary>
    public long UnknownAgents { get; init; }
    /// <summary>The import this one replaced for the same kind, day and source.</summary>
    public string? Supersedes { get; init; }
    /// <summary>For a <see cref="ImportStatus.Duplicate"/>: the import whose identical bytes counted first (same kind and day,
    /// this source or another), which this one does not count again.</summary>
    public string? DuplicateOf { get; init; }
    /// <summary>For a <see cref="ImportStatus.Duplicate"/>: the blob of <see cref="DuplicateOf"/>.</summary>
    public string? DuplicateOfBlob { get; init; }
    public string? RejectionReason { get; init; }
    public string? ReportBlob { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}
