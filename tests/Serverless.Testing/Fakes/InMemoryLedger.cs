using System.Collections.Concurrent;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Testing.Fakes;

/// <summary>
/// <see cref="ILedger"/> in memory, keyed by agent, period and rule as the port promises: a day's replacement removes
/// the rules no longer scored, as the table store does. For tests that seed or inspect the ledger directly.
/// </summary>
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

    public Task UpsertAsync(IReadOnlyList<SourcedLedgerEntry> entries, int parallelism, CancellationToken cancellationToken)
    {
        foreach (var entry in entries) Add(entry.Entry, [.. entry.ImportIds]);
        return Task.CompletedTask;
    }

    public Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken) =>
        ReplaceDaysAsync(date, [new LedgerDay(agentId, entries, importIds, previousRules)], cancellationToken);

    public Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        var period = LedgerPeriod.Day(date).Key;
        foreach (var day in days)
        {
            var written = day.Entries.Select(e => e.Rule).ToHashSet(StringComparer.Ordinal);
            foreach (var rule in day.PreviousRules.Where(r => !written.Contains(r))) _entries.TryRemove((day.AgentId, period, rule), out _);
            foreach (var entry in day.Entries) Add(entry, [.. day.ImportIdsOf(entry)]);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredLedgerEntry>>(
            [.. _entries.Values.Where(e => e.Entry.AgentId == agentId && e.Entry.Period.Start >= from && e.Entry.Period.Start <= to)]);

    public Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LedgerKey>>([.. _entries.Keys.Where(k => k.Period == month.ToString()).Select(k => new LedgerKey(k.AgentId, k.Rule))]);

    public Task RemoveMonthlyAsync(YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken)
    {
        foreach (var k in keys) _entries.TryRemove((k.AgentId, month.ToString(), k.Rule), out _);
        return Task.CompletedTask;
    }
}
