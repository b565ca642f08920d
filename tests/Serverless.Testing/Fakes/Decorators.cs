using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Testing.Fakes;

// Forwarding decorators of the ports that tests and benchmarks wrap (to stall, fail or time one call): every member
// forwards to the store underneath, so a decorator overrides the calls it is about and can skip no behaviour.

/// <summary>An <see cref="IMetricsStore"/> that forwards every call to <paramref name="inner"/>.</summary>
public abstract class MetricsStoreDecorator(IMetricsStore inner) : IMetricsStore
{
    protected IMetricsStore Inner { get; } = inner;

    public virtual Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, ExportKind kind, string source, string importId, IReadOnlyList<AgentDayMetrics> metrics, CancellationToken cancellationToken) =>
        Inner.ReplaceAsync(date, kind, source, importId, metrics, cancellationToken);

    public virtual Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        Inner.GetAsync(date, agentIds, cancellationToken);

    public virtual Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken) => Inner.GetDayAsync(date, cancellationToken);

    public virtual Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken) => Inner.GetNormInputsAsync(date, cancellationToken);

    public virtual Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        Inner.GetWithImportsAsync(date, agentIds, cancellationToken);

    public virtual Task<IReadOnlySet<ExportKind>> GetKindsAsync(DateOnly date, CancellationToken cancellationToken) => Inner.GetKindsAsync(date, cancellationToken);

    public virtual Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        Inner.GetScoringInputsAsync(date, agentIds, cancellationToken);

    public virtual Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken) => Inner.GetAgentIdsAsync(date, cancellationToken);
}

/// <summary>An <see cref="ILedger"/> that forwards every call to <paramref name="inner"/>.</summary>
public abstract class LedgerDecorator(ILedger inner) : ILedger
{
    protected ILedger Inner { get; } = inner;

    public virtual Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken) =>
        Inner.UpsertAsync(entries, importIds, cancellationToken);

    public virtual Task UpsertAsync(IReadOnlyList<SourcedLedgerEntry> entries, int parallelism, CancellationToken cancellationToken) =>
        Inner.UpsertAsync(entries, parallelism, cancellationToken);

    public virtual Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        Inner.GetAsync(agentId, from, to, cancellationToken);

    public virtual Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken) =>
        Inner.ReplaceDayAsync(agentId, date, entries, importIds, previousRules, cancellationToken);

    public virtual Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken) => Inner.ReplaceDaysAsync(date, days, cancellationToken);

    public virtual Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(YearMonth month, CancellationToken cancellationToken) => Inner.GetMonthlyKeysAsync(month, cancellationToken);

    public virtual Task RemoveMonthlyAsync(YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken) => Inner.RemoveMonthlyAsync(month, keys, cancellationToken);
}

/// <summary>An <see cref="IAgentMonthStore"/> that forwards every call to <paramref name="inner"/>.</summary>
public abstract class AgentMonthStoreDecorator(IAgentMonthStore inner) : IAgentMonthStore
{
    protected IAgentMonthStore Inner { get; } = inner;

    public virtual Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken) => Inner.PutDayAsync(agentId, day, cancellationToken);

    public virtual Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken) => Inner.RemoveDayAsync(agentId, date, cancellationToken);

    public virtual Task<AgentMonthRecord?> GetAsync(string agentId, YearMonth month, CancellationToken cancellationToken) => Inner.GetAsync(agentId, month, cancellationToken);

    public virtual Task<IReadOnlyList<AgentMonthRecord>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken) => Inner.GetMonthAsync(month, cancellationToken);

    public virtual Task<IReadOnlyList<AgentMonthSummary>> GetMonthSummariesAsync(YearMonth month, CancellationToken cancellationToken) => Inner.GetMonthSummariesAsync(month, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        Inner.GetDaysAsync(date, agentIds, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysOnlyAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken) =>
        Inner.GetDaysOnlyAsync(date, agentIds, cancellationToken);

    public virtual Task PutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, CancellationToken cancellationToken) => Inner.PutDaysAsync(date, days, cancellationToken);

    public virtual Task<IReadOnlyList<string>> PutDaysIfUnchangedAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay> read, CancellationToken cancellationToken) =>
        Inner.PutDaysIfUnchangedAsync(date, days, read, cancellationToken);
}
