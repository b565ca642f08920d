using System.Collections.Concurrent;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Testing.Fakes;

/// <summary>
/// <see cref="IAgentMonthStore"/> in memory, one scored day per agent and date: for tests that put scored days in
/// directly (month close, the HR API). Nothing is ever written behind a caller's back, so
/// <see cref="PutDaysIfUnchangedAsync"/> loses a race only when a day was written since it was read.
/// </summary>
public sealed class InMemoryAgentMonthStore : IAgentMonthStore
{
    private readonly ConcurrentDictionary<(string AgentId, DateOnly Date), ScoredDay> _days = new();

    /// <summary>Seeds a whole agent-month, replacing any days of it.</summary>
    public void Put(AgentMonthRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        foreach (var key in _days.Keys.Where(k => k.AgentId == record.AgentId && YearMonth.Of(k.Date) == record.Month)) _days.TryRemove(key, out _);
        foreach (var day in record.Days) _days[(record.AgentId, day.Metrics.Date)] = day;
    }

    public Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken)
    {
        _days[(agentId, day.Metrics.Date)] = day;
        return Task.CompletedTask;
    }

    public Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken)
    {
        _days.TryRemove((agentId, date), out _);
        return Task.CompletedTask;
    }

    public Task<AgentMonthRecord?> GetAsync(string agentId, YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult(Month(month).FirstOrDefault(r => r.AgentId == agentId));

    public Task<IReadOnlyList<AgentMonthRecord>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AgentMonthRecord>>(Month(month));

    public Task<IReadOnlyList<AgentMonthSummary>> GetMonthSummariesAsync(YearMonth month, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AgentMonthSummary>>([.. Month(month).Select(AgentMonthSummary.Of)]);

    public Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ScoredDay>(StringComparer.Ordinal);
        foreach (var agentId in agentIds)
        {
            if (_days.TryGetValue((agentId, date), out var day)) found[agentId] = day;
        }
        return Task.FromResult<IReadOnlyDictionary<string, ScoredDay>>(found);
    }

    public Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysOnlyAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        GetDaysAsync(date, agentIds, cancellationToken);

    public Task PutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, CancellationToken cancellationToken)
    {
        foreach (var (agentId, day) in days)
        {
            if (day is null) _days.TryRemove((agentId, date), out _);
            else _days[(agentId, date)] = day;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> PutDaysIfUnchangedAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var lost = new List<string>();
        lock (_days)
        {
            foreach (var (agentId, day) in days)
            {
                var now = _days.TryGetValue((agentId, date), out var stored) ? stored : null;
                var then = read.TryGetValue(agentId, out var seen) ? seen : null;
                if (!ReferenceEquals(now, then))
                {
                    lost.Add(agentId);
                    continue;
                }
                if (day is null) _days.TryRemove((agentId, date), out _);
                else _days[(agentId, date)] = day;
            }
        }
        lost.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(lost);
    }

    private List<AgentMonthRecord> Month(YearMonth month) =>
        [.. _days
            .Where(d => YearMonth.Of(d.Key.Date) == month)
            .GroupBy(d => d.Key.AgentId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AgentMonthRecord(g.Key, month, [.. g.OrderBy(d => d.Key.Date).Select(d => d.Value)]))];
}
