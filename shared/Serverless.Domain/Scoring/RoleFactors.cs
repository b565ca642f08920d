namespace Serverless.Domain.Scoring;

/// <summary>The workload scheme's η by role: one person alone, the primary, each secondary.</summary>
public sealed record RoleFactors
{
    public required decimal Single { get; init; }
    public required decimal Primary { get; init; }
    public required decimal Secondary { get; init; }
}
