namespace Serverless.Domain.Publishing;

/// <summary>
/// One bonus tier (积分奖金档): ranks up to ⌈<see cref="Share"/> × eligible headcount⌉ earn <see cref="Amount"/> CNY,
/// unless a better tier already pays them.
/// </summary>
public sealed record BonusTier(string Name, decimal Share, decimal Amount);
