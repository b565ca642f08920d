namespace Serverless.Domain.Publishing;

/// <summary>The content of <c>ranking.json</c>: which version of which month, its summary, and every ranked row.</summary>
public sealed record RankingDocument(
    string Month,
    int Version,
    string RulesVersion,
    DateTimeOffset GeneratedAt,
    string? Reason,
    MonthRankingSummary Summary,
    IReadOnlyList<MonthRankingRow> Rows);
