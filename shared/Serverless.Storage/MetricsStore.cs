using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Storage;

/// <summary>
/// Agent-day metrics in <c>AgentDayMetrics</c>: partition = business day (a day's writes go out as
/// 100-entity transactions), row = agentId|kind|source, so each file's contribution is its own row and a
/// corrected file replaces exactly its rows; reading an agent's day combines its rows.
/// </summary>
public sealed class MetricsStore(StorageClients storage) : IMetricsStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Metrics);

    public async Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, ExportKind kind, string source, string importId, IReadOnlyList<AgentDayMetrics> metrics, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var existing = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{day}' and Kind eq '{kind.ToPathName()}' and Source eq '{TableBatches.Quote(source)}'";
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var m = MetricsEntity.ToMetrics(entity, date);
            existing[m.AgentId] = m;
        }

        var actions = new List<TableTransactionAction>();
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var m in metrics)
        {
            if (existing.Remove(m.AgentId, out var before) && before == m) continue;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, MetricsEntity.From(m, day, kind, source, importId)));
            changed.Add(m.AgentId);
        }
        foreach (var removed in existing.Keys)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(day, MetricsEntity.RowKey(removed, kind, source))));
            changed.Add(removed);
        }
        await TableBatches.SubmitAsync(Table, actions, cancellationToken);
        return changed.ToList();
    }

    public async Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        if (agentIds.Count == 0) return [];
        var wanted = new HashSet<string>(agentIds, StringComparer.Ordinal);
        var first = agentIds.Min(StringComparer.Ordinal)!;
        var last = agentIds.Max(StringComparer.Ordinal)!;
        // One range query over the batch's agents (score requests carry agents in id order), filtered here.
        var filter = $"PartitionKey eq '{Day(date)}' and RowKey ge '{TableBatches.Quote(first)}|' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(last + "|"))}'";
        return await CombineAsync(date, filter, wanted, cancellationToken);
    }

    public Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken) =>
        CombineAsync(date, $"PartitionKey eq '{Day(date)}'", null, cancellationToken);

    public async Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        if (agentIds.Count == 0) return [];
        var wanted = new HashSet<string>(agentIds, StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{Day(date)}' and RowKey ge '{TableBatches.Quote(agentIds.Min(StringComparer.Ordinal)!)}|' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(agentIds.Max(StringComparer.Ordinal)! + "|"))}'";
        var combined = new Dictionary<string, (AgentDayMetrics Metrics, SortedSet<string> Imports)>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var m = MetricsEntity.ToMetrics(entity, date);
            if (!wanted.Contains(m.AgentId)) continue;
            var importId = entity.GetString("ImportId");
            if (combined.TryGetValue(m.AgentId, out var sum))
            {
                if (importId is not null) sum.Imports.Add(importId);
                combined[m.AgentId] = (AgentDayMetrics.Combine(sum.Metrics, m), sum.Imports);
            }
            else
            {
                combined[m.AgentId] = (m, importId is null ? new SortedSet<string>(StringComparer.Ordinal) : new SortedSet<string>(StringComparer.Ordinal) { importId });
            }
        }
        return combined.Values.OrderBy(c => c.Metrics.AgentId, StringComparer.Ordinal).Select(c => new MetricsWithImports(c.Metrics, [.. c.Imports])).ToList();
    }

    public async Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Day(date)}'", select: ["PartitionKey", "RowKey", "AgentId"], cancellationToken: cancellationToken))
        {
            ids.Add(entity.GetString("AgentId"));
        }
        return [.. ids];
    }

    private async Task<IReadOnlyList<AgentDayMetrics>> CombineAsync(DateOnly date, string filter, HashSet<string>? wanted, CancellationToken cancellationToken)
    {
        var combined = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var m = MetricsEntity.ToMetrics(entity, date);
            if (wanted is not null && !wanted.Contains(m.AgentId)) continue;
            combined[m.AgentId] = combined.TryGetValue(m.AgentId, out var sum) ? AgentDayMetrics.Combine(sum, m) : m;
        }
        return combined.Values.OrderBy(m => m.AgentId, StringComparer.Ordinal).ToList();
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
