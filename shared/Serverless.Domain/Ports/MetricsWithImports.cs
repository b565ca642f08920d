using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Ports;

/// <summary>An agent-day's metrics, all sources combined, with the imports that contributed them (ordinal order).</summary>
public sealed record MetricsWithImports(AgentDayMetrics Metrics, IReadOnlyList<string> ImportIds)
{
    /// <summary>The same imports by the kind of export they came from, so an entry can name only the ones its rule reads.</summary>
    public IReadOnlyDictionary<ExportKind, IReadOnlyList<string>> ImportIdsByKind { get; init; } = new Dictionary<ExportKind, IReadOnlyList<string>>();

    /// <summary>The imports of the given kinds (ordinal order, no repeats).</summary>
    public IReadOnlyList<string> ImportIdsOf(IEnumerable<ExportKind> kinds) =>
        [.. kinds.SelectMany(k => ImportIdsByKind.TryGetValue(k, out var ids) ? ids : []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
