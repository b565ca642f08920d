using Serverless.Domain.Scoring;

namespace Serverless.Domain.Ports;

/// <summary>
/// Each business day's peer norms (同组基准), computed from the whole day at import and read by scoring, so no
/// agent-day is ever scored against a median taken over part of its peers.
/// </summary>
public interface IPeerNormStore
{
    /// <summary>The day's stored norms (possibly none: a day without peers), or null when they were never computed.</summary>
    Task<IReadOnlyList<PeerNorm>?> GetAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>Stores the day's norms; true when they differ from what was stored (or nothing was).</summary>
    Task<bool> ReplaceAsync(DateOnly date, IReadOnlyList<PeerNorm> norms, CancellationToken cancellationToken);
}
