namespace Serverless.Domain.Scoring;

/// <summary>One knot of the efficiency points curve: <see cref="Points"/> at index <see cref="E"/>.</summary>
public sealed record EfficiencyPoint(double E, decimal Points);
