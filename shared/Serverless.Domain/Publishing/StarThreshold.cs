namespace Serverless.Domain.Publishing;

/// <summary>Cumulative points (累计积分) from which an agent holds <see cref="Stars"/> (星级).</summary>
public sealed record StarThreshold(int Stars, decimal CumulativePoints);
