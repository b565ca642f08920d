using System.Globalization;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Ports;

namespace Serverless.Storage;

/// <summary>
/// Work items in <c>WorkItems</c>: partition = business day, row = source|agentId|ordinal, so one source's day is a
/// row-key range that a replacement reads, overwrites and trims in 100-entity transactions.
/// </summary>
public sealed class WorkItemStore(StorageClients storage) : IWorkItemStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.WorkItems);

    public async Task ReplaceAsync(DateOnly date, string source, string importId, IReadOnlyList<WorkItemRecord> items, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var stale = new HashSet<string>(StringComparer.Ordinal);
        var prefix = source + "|";
        var filter = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            stale.Add(entity.RowKey);
        }
        var actions = new List<TableTransactionAction>(items.Count + stale.Count);
        // An agent's items are numbered in file order, so the same file always writes the same rows.
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var ordinal = ordinals[item.AgentId] = ordinals.GetValueOrDefault(item.AgentId) + 1;
            var row = string.Create(CultureInfo.InvariantCulture, $"{prefix}{item.AgentId}|{ordinal:D5}");
            stale.Remove(row);
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
        actions.AddRange(stale.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(day, row))));
        await TableBatches.SubmitAsync(Table, actions, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkItemRecord>> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var items = new List<WorkItemRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Day(date)}'", cancellationToken: cancellationToken))
        {
            items.Add(new WorkItemRecord(
                e.GetString("AgentId"),
                date,
                e.GetString("ItemCode"),
                Enum.Parse<WorkItemRole>(e.GetString("Role")),
                decimal.Parse(e.GetString("Quantity"), NumberStyles.Number, CultureInfo.InvariantCulture)));
        }
        return [.. items.OrderBy(i => i.AgentId, StringComparer.Ordinal)];
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
