using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>An agent-day's metrics, all sources combined, with the imports that contributed them (ordinal order).</summary>
public sealed record MetricsWithImports(AgentDayMetrics Metrics, IReadOnlyList<string> ImportIds)
{
    /// <summary>The same imports by the kind of export they came from, so an entry can name only the ones its rule reads.</summary>
    public IReadOnlyDictionary<ExportKind, IReadOnlyList<string>> ImportIdsByKind { get; init; } = new Dictionary<ExportKind, IReadOnlyList<string>>();

    /// <summary>
    /// The imports of the given kinds (ordinal order, no repeats); all of <see cref="ImportIds"/> when the kinds do not
    /// account for every import (a store that does not know them), so an entry never names fewer imports than it used.
    /// </summary>
    public IReadOnlyList<string> ImportIdsOf(IEnumerable<ExportKind> kinds)
    {
        var known = ImportIdsByKind.Values.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
        if (!ImportIds.All(known.Contains)) return ImportIds;
        return [.. kinds.SelectMany(k => ImportIdsByKind.TryGetValue(k, out var ids) ? ids : []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
