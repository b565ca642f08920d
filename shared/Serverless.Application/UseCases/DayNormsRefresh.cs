namespace Serverless.Application.UseCases;

/// <summary>What recomputing a day's norms found: whether they changed, and every agent with metrics that day (ordinal order).</summary>
public sealed record DayNormsRefresh(bool Changed, IReadOnlyList<string> AgentIds, int Norms);
