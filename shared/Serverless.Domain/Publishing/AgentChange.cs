namespace Serverless.Domain.Publishing;

/// <summary>One agent who moved between two published versions of a month: before and after (null where not ranked).</summary>
public sealed record AgentChange(
    string AgentId,
    string Name,
    string Department,
    AgentChangeKind Kind,
    int? RankBefore,
    int? RankAfter,
    decimal? PointsBefore,
    decimal? PointsAfter,
    string? TierBefore,
    string? TierAfter,
    decimal AmountBefore,
    decimal AmountAfter)
{
    public decimal AmountDelta => AmountAfter - AmountBefore;
}
