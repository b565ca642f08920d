using System.Globalization;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// Work items in <c>WorkItems</c>: partition = business day, row = source|agentId|ordinal, so one source's day is a
/// row-key range that a replacement reads, overwrites and trims in 100-entity transactions.
/// </summary>
public sealed class WorkItemStore(StorageClients storage) : IWorkItemStore
{
    private static readonly string[] ItemColumns = ["RowKey", "AgentId", "ItemCode", "Role", "Quantity"];

    private TableClient Table => storage.Tables.GetTableClient(Tables.WorkItems);

    public async Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, string source, string importId, IReadOnlyList<WorkItemRecord> items, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var prefix = source + "|";
        // What the source stored before, so only the agents whose items really differ are re-scored.
        var stale = new Dictionary<string, (string AgentId, (string, WorkItemRole, decimal) Item)>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ItemColumns, cancellationToken: cancellationToken))
        {
            var old = ToRecord(entity, date);
            stale[entity.RowKey] = (old.AgentId, (old.ItemCode, old.Role, old.Quantity));
        }
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>(items.Count + stale.Count);
        // An agent's items are numbered in file order, so the same file always writes the same rows.
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var ordinal = ordinals[item.AgentId] = ordinals.GetValueOrDefault(item.AgentId) + 1;
            var row = string.Create(CultureInfo.InvariantCulture, $"{prefix}{item.AgentId}|{ordinal:D5}");
            if (!stale.Remove(row, out var before) || before.Item != (item.ItemCode, item.Role, item.Quantity)) changed.Add(item.AgentId);
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(day, row)
            {
                ["AgentId"] = item.AgentId,
                ["Source"] = source,
                ["ImportId"] = importId,
                ["ItemCode"] = item.ItemCode,
                ["Role"] = item.Role.ToString(),
                ["Quantity"] = item.Quantity.ToString(CultureInfo.InvariantCulture),
            }));
        }
        foreach (var (row, (agentId, _)) in stale)
        {
            changed.Add(agentId);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(day, row)));
        }
        await TableBatches.SubmitAsync(Table, actions, cancellationToken);
        return [.. changed];
    }

    public async Task<IReadOnlyList<WorkItemRecord>> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var items = new List<WorkItemRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Day(date)}'", cancellationToken: cancellationToken))
        {
            items.Add(ToRecord(e, date));
        }
        return [.. items.OrderBy(i => i.AgentId, StringComparer.Ordinal)];
    }

    /// <remarks>
    /// Rows lead with the source (so a replacement is one range), and a score request names agents in id order, so
    /// each source of the day gives one row range from the request's first agent to its last. The day's sources are
    /// found by hopping from one source's range to the next (one single-row read per source), never by reading the day.
    /// </remarks>
    public async Task<IReadOnlyList<WorkItemsWithImports>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        if (agentIds.Count == 0) return [];
        var day = Day(date);
        var wanted = new HashSet<string>(agentIds, StringComparer.Ordinal);
        // Rows sort by "agentId|", not by agent id ("K10|" < "K1|"), so the bounds are the least and greatest "agentId|".
        var first = agentIds.Select(a => a + "|").Min(StringComparer.Ordinal)!;
        var last = agentIds.Select(a => a + "|").Max(StringComparer.Ordinal)!;
        var found = new SortedDictionary<string, (List<WorkItemRecord> Items, SortedSet<string> Imports)>(StringComparer.Ordinal);
        foreach (var source in await SourcesAsync(day, cancellationToken))
        {
            var filter = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote($"{source}|{first}")}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd($"{source}|{last}"))}'";
            await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var item = ToRecord(entity, date);
                if (!wanted.Contains(item.AgentId)) continue;
                if (!found.TryGetValue(item.AgentId, out var agent))
                {
                    found[item.AgentId] = agent = ([], new SortedSet<string>(StringComparer.Ordinal));
                }
                agent.Items.Add(item);
                if (entity.GetString("ImportId") is { } importId) agent.Imports.Add(importId);
            }
        }
        return [.. found.Select(f => new WorkItemsWithImports(f.Key, f.Value.Items, [.. f.Value.Imports]))];
    }

    private async Task<IReadOnlyList<string>> SourcesAsync(string day, CancellationToken cancellationToken)
    {
        var sources = new List<string>();
        var filter = $"PartitionKey eq '{day}'";
        while (true)
        {
            string? row = null;
            await foreach (var entity in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                row = entity.RowKey;
                break;
            }
            if (row is null) return sources;
            // Sources are letters, digits, '-', '_', spaces and parentheses (ExportPath), all before '|', so '|' ends one and "{source}}" is past all its rows.
            var source = row[..row.IndexOf('|', StringComparison.Ordinal)];
            sources.Add(source);
            filter = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote(TableBatches.PrefixEnd(source + "|"))}'";
        }
    }

    private static WorkItemRecord ToRecord(TableEntity e, DateOnly date) => new(
        e.GetString("AgentId"),
        date,
        e.GetString("ItemCode"),
        Enum.Parse<WorkItemRole>(e.GetString("Role")),
        decimal.Parse(e.GetString("Quantity"), NumberStyles.Number, CultureInfo.InvariantCulture));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
