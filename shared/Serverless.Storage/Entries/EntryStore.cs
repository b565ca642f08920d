using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// Append-only entries in one table: partition = the entry's month, row = its id, added (never replaced) so a retry
/// cannot enter twice. Every row carries <c>Source</c>, <c>RecordedAt</c>, <c>ReversalOf</c> and <c>ReversalReason</c>;
/// the value's own columns are its <see cref="IEntryColumns{T}"/>'.
/// </summary>
public sealed class EntryStore<T>(StorageClients storage, string table, IEntryColumns<T> columns) : IEntryStore<T> where T : IAgentEntry
{
    private TableClient Table => storage.Tables.GetTableClient(table);

    public async Task<bool> AddAsync(Entry<T> entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await Table.AddEntityAsync(ToEntity(entry), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Entry<T>?> GetAsync(YearMonth month, string id, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(month.ToString(), id, cancellationToken: cancellationToken);
        return found.HasValue ? ToEntry(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Entry<T>>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var entries = new List<Entry<T>>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }
        return entries;
    }

    private TableEntity ToEntity(Entry<T> e)
    {
        var entity = new TableEntity(e.Month.ToString(), e.Id)
        {
            ["AgentId"] = e.Value.AgentId,
            ["Date"] = e.Value.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Source"] = e.Source,
            ["RecordedAt"] = e.RecordedAt,
            ["ReversalOf"] = e.ReversalOf,
            ["ReversalReason"] = e.ReversalReason,
        };
        columns.Write(e.Value, entity);
        return entity;
    }

    private Entry<T> ToEntry(TableEntity e) => new()
    {
        Id = e.RowKey,
        Value = columns.Read(e, e.GetString("AgentId"), DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Source = e.GetString("Source"),
        RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
        ReversalOf = e.GetString("ReversalOf"),
        ReversalReason = e.GetString("ReversalReason"),
    };
}

/// <summary>The columns an entry's value adds to its row, beside the agent and date every entry has.</summary>
public interface IEntryColumns<T> where T : IAgentEntry
{
    void Write(T value, TableEntity row);

    T Read(TableEntity row, string agentId, DateOnly date);
}

/// <summary>The two tables of entries: <c>Awards</c> and <c>Adjustments</c>.</summary>
public static class EntryStores
{
    public static EntryStore<AwardRecord> Awards(StorageClients storage) => new(storage, Tables.Awards, new AwardColumns());

    public static EntryStore<PointsAdjustment> Adjustments(StorageClients storage) => new(storage, Tables.Adjustments, new AdjustmentColumns());

    /// <summary>An award's item, level and note.</summary>
    private sealed class AwardColumns : IEntryColumns<AwardRecord>
    {
        public void Write(AwardRecord value, TableEntity row)
        {
            row["Item"] = value.Item.ToString();
            row["Level"] = value.Level.ToString();
            row["Note"] = value.Note;
        }

        public AwardRecord Read(TableEntity row, string agentId, DateOnly date) =>
            new(agentId, date, Enum.Parse<AwardItem>(row.GetString("Item")), Enum.Parse<AwardLevel>(row.GetString("Level")), row.GetString("Note") ?? "");
    }

    /// <summary>An adjustment's points and reason; its id is the row's.</summary>
    private sealed class AdjustmentColumns : IEntryColumns<PointsAdjustment>
    {
        public void Write(PointsAdjustment value, TableEntity row)
        {
            // Points carry 2 decimals: kept as text so they read back as the exact decimal entered.
            row["Points"] = value.Points.ToString(CultureInfo.InvariantCulture);
            row["Reason"] = value.Reason;
        }

        public PointsAdjustment Read(TableEntity row, string agentId, DateOnly date) =>
            new(row.RowKey, agentId, date, decimal.Parse(row.GetString("Points") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture), row.GetString("Reason") ?? "");
    }
}
