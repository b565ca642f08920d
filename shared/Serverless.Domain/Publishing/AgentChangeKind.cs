namespace Serverless.Domain.Publishing;

/// <summary>How an agent's line differs between two published versions.</summary>
public enum AgentChangeKind
{
    /// <summary>Ranked in both versions, with a different rank, points, tier or amount.</summary>
    Changed,

    /// <summary>Ranked only in the newer version.</summary>
    Added,

    /// <summary>Ranked only in the older version.</summary>
    Removed,
}
