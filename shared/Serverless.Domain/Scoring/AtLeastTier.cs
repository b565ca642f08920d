namespace Serverless.Domain.Scoring;

/// <summary>A tier earned when a rate is at least <see cref="AtLeast"/> (a share, 0..1).</summary>
public sealed record AtLeastTier(decimal AtLeast, decimal Points);
