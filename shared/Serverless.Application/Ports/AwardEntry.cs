using Serverless.Domain.Exports;

namespace Serverless.Application.Ports;

/// <summary>
/// One stored team-building award, or the reversal of one (<see cref="ReversalOf"/> set): the ledger is
/// append-only in spirit, so a withdrawn award stays visible beside the entry that cancels it.
/// </summary>
public sealed record AwardEntry
{
    /// <summary>Stable id: an HR call's Idempotency-Key, or the import id and row for an export.</summary>
    public required string AwardId { get; init; }
    public required AwardRecord Award { get; init; }
    /// <summary><c>api:{caller}</c> or <c>import:{importId}</c>.</summary>
    public required string Source { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public string? ReversalOf { get; init; }
    public string? Reason { get; init; }
}
