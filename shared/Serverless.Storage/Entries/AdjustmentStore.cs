using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>Leader adjustments in <c>Adjustments</c>: partition = the adjustment's month, row = its id, added (never replaced) so a retry cannot adjust twice.</summary>
public sealed class AdjustmentStore(StorageClients storage) : IAdjustmentStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Adjustments);

    public async Task<bool> AddAsync(AdjustmentEntry entry, CancellationToken cancellationToken)
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

    public async Task<AdjustmentEntry?> GetAsync(YearMonth month, string adjustmentId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(month.ToString(), adjustmentId, cancellationToken: cancellationToken);
        return found.HasValue ? ToEntry(found.Value!) : null;
    }

    public async Task<IReadOnlyList<AdjustmentEntry>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var entries = new List<AdjustmentEntry>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }
        return entries;
    }

    public async Task<IReadOnlyList<PointsAdjustment>> GetInForceAsync(YearMonth month, CancellationToken cancellationToken) =>
        [.. Reversals.InForce(await GetMonthAsync(month, cancellationToken), a => a.Adjustment.Id, a => a.ReversalOf).Select(a => a.Adjustment)];

    private static TableEntity ToEntity(AdjustmentEntry e) => new(YearMonth.Of(e.Adjustment.Date).ToString(), e.Adjustment.Id)
    {
        ["AgentId"] = e.Adjustment.AgentId,
        ["Date"] = e.Adjustment.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // Points carry 2 decimals: kept as text so they read back as the exact decimal entered.
        ["Points"] = e.Adjustment.Points.ToString(CultureInfo.InvariantCulture),
        ["Reason"] = e.Adjustment.Reason,
        ["Source"] = e.Source,
        ["RecordedAt"] = e.RecordedAt,
        ["ReversalOf"] = e.ReversalOf,
        ["ReversalReason"] = e.ReversalReason,
    };

    private static AdjustmentEntry ToEntry(TableEntity e) => new()
    {
        Adjustment = new PointsAdjustment(
            e.RowKey,
            e.GetString("AgentId"),
            DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal.Parse(e.GetString("Points") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
            e.GetString("Reason") ?? ""),
        Source = e.GetString("Source"),
        RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
        ReversalOf = e.GetString("ReversalOf"),
        ReversalReason = e.GetString("ReversalReason"),
    };
}
