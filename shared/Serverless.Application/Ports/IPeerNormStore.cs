using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// Each business day's peer norms (同组基准), computed from the whole day at import and read by scoring, so no
/// agent-day is ever scored against a median taken over part of its peers.
/// </summary>
public interface IPeerNormStore
{
    /// <summary>The day's stored norms (possibly none: a day without peers), or null when they were never computed.</summary>
    Task<IReadOnlyList<PeerNorm>?> GetAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>The day's stored norms with the version they carry, for a refresh that must not overwrite a newer one.</summary>
    Task<StoredPeerNorms> ReadAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the day's norms and the day's spread of E computed with them, in one write, if they are still at the
    /// version <paramref name="read"/> saw: true when the norms differ from what was stored (or nothing was), false when
    /// the same (the spread is written all the same when it changed); null when another refresh stored norms since
    /// (nothing written: read again).
    /// </summary>
    Task<bool?> ReplaceIfUnchangedAsync(DateOnly date, IReadOnlyList<PeerNorm> norms, DaySpread spread, StoredPeerNorms read, CancellationToken cancellationToken);

    /// <summary>The day's spread of E per department and specialty as the last refresh stored it; null when none was.</summary>
    Task<DaySpread?> GetSpreadAsync(DateOnly date, CancellationToken cancellationToken);
}

/// <summary>A day's norms as read (null: never computed) and the store's version of them (null: none stored).</summary>
public sealed record StoredPeerNorms(IReadOnlyList<PeerNorm>? Norms, string? Version)
{
    /// <summary>The day's spread stored with the norms (null: none stored, e.g. norms computed before spreads were kept).</summary>
    public DaySpread? Spread { get; init; }
}
