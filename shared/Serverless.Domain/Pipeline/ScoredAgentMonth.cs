using Serverless.Domain.Scoring;

namespace Serverless.Domain.Pipeline;

/// <summary>One agent's closed month: the monthly ledger entries and totals, and the imports the month's days came from.</summary>
public sealed record ScoredAgentMonth(string AgentId, MonthScore Score, IReadOnlyList<string> ImportIds);
