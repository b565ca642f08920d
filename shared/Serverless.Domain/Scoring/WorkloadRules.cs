namespace Serverless.Domain.Scoring;

/// <summary>工作量: L = B × η per work item, weighted by w into the month's Y.</summary>
public sealed record WorkloadRules
{
    /// <summary>w: the weight of ΣL in Y.</summary>
    public required decimal Weight { get; init; }

    /// <summary>η by role.</summary>
    public required RoleFactors Eta { get; init; }

    /// <summary>Item code → value B per unit of quantity.</summary>
    public required IReadOnlyDictionary<string, decimal> Items { get; init; }
}
