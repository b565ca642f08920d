namespace Serverless.Domain.Scoring;

/// <summary>A team leader's temporary addition or deduction (临时加减分), entered through the HR API; always with a reason.</summary>
public sealed record PointsAdjustment(string Id, string AgentId, DateOnly Date, decimal Points, string Reason) : IAgentEntry;
