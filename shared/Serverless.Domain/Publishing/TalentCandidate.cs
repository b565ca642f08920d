namespace Serverless.Domain.Publishing;

/// <summary>One agent in the talent pool (成长通道): cumulative points, stars and tenure as of the selection date.</summary>
public sealed record TalentCandidate(
    int Position,
    string AgentId,
    string Name,
    string Department,
    string Specialty,
    string Team,
    decimal CumulativePoints,
    int Stars,
    DateOnly? HireDate,
    int? TenureMonths);
