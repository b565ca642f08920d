using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>One agent's points and stars in one closed month, as published in <see cref="Version"/>.</summary>
public sealed record ClosedMonthPoints(string AgentId, YearMonth Month, int Version, decimal Points, int Stars);
