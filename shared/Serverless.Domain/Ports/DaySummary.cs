namespace Serverless.Domain.Ports;

/// <summary>An agent-day as scored: the department it was scored under and its answered calls and AHT.</summary>
public sealed record DaySummary(string AgentId, DateOnly Date, string Department, int AnsweredCalls, double? AverageHandleSeconds);
