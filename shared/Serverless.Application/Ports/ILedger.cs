using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// The points ledger (积分明细): one entry per agent, period and rule, keyed so that re-scoring overwrites
/// instead of adding. Daily entries are written by scoring, monthly ones by month close.
/// </summary>
public interface ILedger
{
    /// <summary>Writes entries with the import ids they came from; an entry with the same agent, period and rule is replaced.</summary>
    Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpsertAsync(IReadOnlyList{LedgerEntry}, IReadOnlyList{string}, CancellationToken)"/> for entries that
    /// each name their own imports (the month close's monthly entries), in one call so a store can pack them into as few
    /// writes as its partitions allow; at most <paramref name="parallelism"/> writes in flight.
    /// </summary>
    Task UpsertAsync(IReadOnlyList<SourcedLedgerEntry> entries, int parallelism, CancellationToken cancellationToken);

    /// <summary>An agent's entries whose period starts within [from, to] (both days included), day entries and month entries.</summary>
    Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces one agent's entries for one day: writes <paramref name="entries"/> and removes the day's entries of
    /// <paramref name="previousRules"/> that are no longer scored (a new rules version renamed or dropped a rule, or the
    /// day's metrics are gone and <paramref name="entries"/> is empty).
    /// </summary>
    Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="ReplaceDayAsync"/> for many agents' same day at once (one score request), which a store may batch
    /// across agents; each agent's day is still written whole, each entry with its own imports
    /// (<see cref="LedgerDay.ImportIdsOf"/>).
    /// </summary>
    Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken);

    /// <summary>The agent and rule of every monthly entry of <paramref name="month"/> (what a month close wrote).</summary>
    Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>Removes these monthly entries of <paramref name="month"/>; ones already gone are fine.</summary>
    Task RemoveMonthlyAsync(YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken);
}

/// <summary>Which agent's which rule: a ledger entry's key within one period.</summary>
public sealed record LedgerKey(string AgentId, string Rule);

/// <summary>A ledger entry and the imports it came from.</summary>
public sealed record SourcedLedgerEntry(LedgerEntry Entry, IReadOnlyList<string> ImportIds);
