namespace Serverless.Domain.Publishing;

/// <summary>Totals of a month's ranking: who was eligible, who was paid, and what the bonus costs.</summary>
public sealed record MonthRankingSummary(int EligibleCount, IReadOnlyList<TierPayout> Tiers, int PaidCount, decimal TotalAmount);
