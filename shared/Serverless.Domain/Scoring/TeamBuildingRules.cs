namespace Serverless.Domain.Scoring;

/// <summary>团队建设: award values by item and level, and the half cap.</summary>
public sealed record TeamBuildingRules
{
    public HalfCap? HalfCap { get; init; }

    /// <summary>Item (activity, honour, good-deed, training) → five values, team to national level.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<decimal>> Values { get; init; }
}
