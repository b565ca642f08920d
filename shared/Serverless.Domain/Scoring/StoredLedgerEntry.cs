namespace Serverless.Domain.Scoring;

/// <summary>A ledger entry as stored, with the imports it came from.</summary>
public sealed record StoredLedgerEntry(LedgerEntry Entry, IReadOnlyList<string> ImportIds);
