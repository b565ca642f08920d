using Serverless.Domain.Scoring;
using System.Collections.Concurrent;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// A test double for <see cref="IAgentMonthStore"/>, whose table implementation belongs to scoring: month close only reads
/// it, so these tests put scored days in directly. Everything else month close touches runs on Azurite.
/// </summary>
public sealed class InMemoryAgentMonthStore : IAgentMonthStore
{
    private readonly ConcurrentDictionary<(string AgentId, DateOnly Date), ScoredDay> _days = new();

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

    private List<AgentMonthRecord> Month(YearMonth month) =>
        [.. _days
            .Where(d => YearMonth.Of(d.Key.Date) == month)
            .GroupBy(d => d.Key.AgentId, StringComparer.Ordinal)
            .Select(g => new AgentMonthRecord(g.Key, month, [.. g.OrderBy(d => d.Key.Date).Select(d => d.Value)]))];
}
