namespace Serverless.Functions.Api;

/// <summary>One import's status row (导入记录) and where its report is; a <c>Duplicate</c> names the import whose identical
/// bytes count instead (<c>duplicateOf</c>, its blob and its report). <c>afterClose</c>: received after its month's v1 was
/// published, so it is in the ledger but in nothing published until HR re-publishes the month.</summary>
public sealed record ImportSummary(
    string ImportId,
    string Kind,
    DateOnly Date,
    string Source,
    string BlobName,
    string Status,
    long DataRows,
    long AcceptedRows,
    long BadRows,
    string? Supersedes,
    string? RejectionReason,
    DateTimeOffset ReceivedAt,
    string? Report,
    string? DuplicateOf = null,
    string? DuplicateOfBlob = null,
    string? DuplicateOfReport = null,
    bool AfterClose = false);
