namespace Serverless.Domain.Scoring;

/// <summary>What month close adds to the ledger for one agent (月度积分明细), and the resulting totals.</summary>
public sealed record MonthScore(IReadOnlyList<LedgerEntry> Entries, MonthTotals Totals);
