namespace Serverless.Domain.Publishing;

/// <summary>A month's ranking rows, best first, and their summary.</summary>
public sealed record MonthRankingResult(IReadOnlyList<MonthRankingRow> Rows, MonthRankingSummary Summary);
