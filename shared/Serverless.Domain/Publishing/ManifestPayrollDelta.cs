namespace Serverless.Domain.Publishing;

/// <summary>
/// The manifest's summary of <c>payroll-delta.csv</c>: which version it is against (and whether payroll marked that one
/// taken, or it is v1 because none was marked yet), the counts and the net difference in CNY.
/// </summary>
public sealed record ManifestPayrollDelta(int AgainstVersion, bool AgainstTaken, int RowCount, int AddedCount, int ChangedCount, int RemovedCount, decimal NetAmount);
