using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// One version row of a month's publications (发布版本). <see cref="ETag"/> is the row's version as read, so a takeover
/// or completion only succeeds against the row its caller saw.
/// </summary>
public sealed record PublicationVersion
{
    public required YearMonth Month { get; init; }
    public required int Version { get; init; }
    public required PublicationState State { get; init; }
    public required string AttemptId { get; init; }
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>When the holder last renewed the claim (its heartbeat); null until the first renewal.</summary>
    public DateTimeOffset? RenewedAt { get; init; }

    /// <summary>The instant the claim's lease runs from: its last renewal, else when it was claimed.</summary>
    public DateTimeOffset HeldSince => RenewedAt ?? ClaimedAt;
    public required DateTimeOffset GeneratedAt { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? RulesVersion { get; init; }
    public int RowCount { get; init; }
    public int PaidCount { get; init; }
    public decimal TotalAmount { get; init; }
    public required string ETag { get; init; }
}

/// <summary>Claimed: an attempt is writing it; Released: an attempt failed and gave it up; Complete: published, frozen.</summary>
public enum PublicationState
{
    Claimed,
    Released,
    Complete,
}
