namespace Serverless.Domain.Scoring;

/// <summary>Whether a ledger entry scores one day (日) or one month (月).</summary>
public enum LedgerPeriodKind
{
    Day,
    Month,
}
