namespace Serverless.Domain.Publishing;

/// <summary>One line of a month's ranking (月度排名): rank, points, stars and the bonus tier earned.</summary>
public sealed record MonthRankingRow(
    int Rank,
    string AgentId,
    string Name,
    string Department,
    string Specialty,
    string Team,
    decimal MonthPoints,
    decimal WorkQualityPoints,
    double? MeanEfficiency,
    decimal CumulativeAfter,
    int Stars,
    string? Tier,
    decimal Amount);
