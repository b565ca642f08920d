using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Ports;

/// <summary>One agent's month as scored so far: each scored day with its metrics and daily ledger entries.</summary>
public sealed record AgentMonthRecord(string AgentId, YearMonth Month, IReadOnlyList<ScoredDay> Days);

/// <summary>One scored agent-day: the metrics, where the agent was when scored, the entries and the imports behind them.</summary>
public sealed record ScoredDay(
    AgentDayMetrics Metrics,
    string Department,
    string Specialty,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<string> ImportIds);
