namespace Serverless.Domain.Publishing;

/// <summary>How many agents one bonus tier paid and how much in total (CNY).</summary>
public sealed record TierPayout(string Tier, decimal Amount, int Paid, decimal Total);
