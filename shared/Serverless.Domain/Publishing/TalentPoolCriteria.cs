namespace Serverless.Domain.Publishing;

/// <summary>Filters of a talent-pool (成长通道) listing; <see cref="AsOf"/> is the business date tenure is measured to.</summary>
public sealed record TalentPoolCriteria(int Top, int MinStars, int MinTenureMonths, DateOnly AsOf);
