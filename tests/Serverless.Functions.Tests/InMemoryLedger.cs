using System.Collections.Concurrent;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests;

/// <summary>A test double for <see cref="ILedger"/>, keyed by agent, period and rule as the port promises; for tests that seed or inspect the ledger directly.</summary>
public sealed class InMemoryLedger : ILedger
{
    private readonly ConcurrentDictionary<(string AgentId, string Period, string Rule), StoredLedgerEntry> _entries = new();

    public IReadOnlyList<StoredLedgerEntry> All => [.. _entries.Values];

    /// <summary>Seeds one entry, as scoring or month close would have written it.</summary>
    public void Add(LedgerEntry entry, params string[] importIds) => _entries[(entry.AgentId, entry.Period.Key, entry.Rule)] = new StoredLedgerEntry(entry, importIds);

    public Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken)
    {
        foreach (var entry in entries) Add(entry, [.. importIds]);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredLedgerEntry>>(
            [.. _entries.Values.Where(e => e.Entry.AgentId == agentId && e.Entry.Period.Start >= from && e.Entry.Period.Start <= to)]);

    public Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(Serverless.Domain.Metrics.YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerKey>>([.. _entries.Keys.Where(k => k.Period == month.ToString()).Select(k => new LedgerKey(k.AgentId, k.Rule))]);

    public Task RemoveMonthlyAsync(Serverless.Domain.Metrics.YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken)
    {
        foreach (var k in keys) _entries.TryRemove((k.AgentId, month.ToString(), k.Rule), out _);
        return Task.CompletedTask;
    }
}
