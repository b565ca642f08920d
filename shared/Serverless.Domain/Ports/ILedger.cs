using Serverless.Domain.Scoring;

namespace Serverless.Domain.Ports;

/// <summary>
/// The points ledger (积分明细): one entry per agent, period and rule, keyed so that re-scoring overwrites
/// instead of adding. Daily entries are written by scoring, monthly ones by month close.
/// </summary>
public interface ILedger
{
    /// <summary>Writes entries with the import ids they came from; an entry with the same agent, period and rule is replaced.</summary>
    Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken);

    /// <summary>An agent's entries whose period starts within [from, to] (both days included), day entries and month entries.</summary>
    Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken);
}

/// <summary>A ledger entry as stored, with the imports it came from.</summary>
public sealed record StoredLedgerEntry(LedgerEntry Entry, IReadOnlyList<string> ImportIds);
