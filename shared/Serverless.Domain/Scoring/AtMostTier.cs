namespace Serverless.Domain.Scoring;

/// <summary>A tier earned when a rate is at most <see cref="AtMost"/> (a share, 0..1).</summary>
public sealed record AtMostTier(decimal AtMost, decimal Points);
