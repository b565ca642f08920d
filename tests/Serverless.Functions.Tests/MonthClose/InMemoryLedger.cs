using System.Collections.Concurrent;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>A test double for <see cref="ILedger"/> (its table implementation belongs to scoring), keyed as the port promises.</summary>
public sealed class InMemoryLedger : ILedger
{
    private readonly ConcurrentDictionary<(string AgentId, string Period, string Rule), StoredLedgerEntry> _entries = new();

    public int UpsertCalls => _upsertCalls;
    private int _upsertCalls;

    public IReadOnlyList<StoredLedgerEntry> All => [.. _entries.Values];

    public Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _upsertCalls);
        foreach (var entry in entries) _entries[(entry.AgentId, entry.Period.Key, entry.Rule)] = new StoredLedgerEntry(entry, importIds);
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
