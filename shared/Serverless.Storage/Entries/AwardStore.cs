using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>Awards in <c>Awards</c>: partition = the award's month, row = award id, added (never replaced) so a retry cannot double-award.</summary>
public sealed class AwardStore(StorageClients storage) : IAwardStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Awards);

    public async Task<bool> AddAsync(AwardEntry entry, CancellationToken cancellationToken)
    {
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

    public async Task<AwardEntry?> GetAsync(YearMonth month, string awardId, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(month.ToString(), awardId, cancellationToken: cancellationToken);
        return found.HasValue ? ToEntry(found.Value!) : null;
    }

    public async Task<IReadOnlyList<AwardEntry>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var entries = new List<AwardEntry>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(entity));
        }
        return entries;
    }

    public async Task<IReadOnlyList<AwardEntry>> GetInForceAsync(YearMonth month, CancellationToken cancellationToken) =>
        Reversals.InForce(await GetMonthAsync(month, cancellationToken), a => a.AwardId, a => a.ReversalOf);

    private static TableEntity ToEntity(AwardEntry e) => new(YearMonth.Of(e.Award.Date).ToString(), e.AwardId)
    {
        ["AgentId"] = e.Award.AgentId,
        ["Date"] = e.Award.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Item"] = e.Award.Item.ToString(),
        ["Level"] = e.Award.Level.ToString(),
        ["Note"] = e.Award.Note,
        ["Source"] = e.Source,
        ["RecordedAt"] = e.RecordedAt,
        ["ReversalOf"] = e.ReversalOf,
        ["Reason"] = e.Reason,
    };

    private static AwardEntry ToEntry(TableEntity e) => new()
    {
        AwardId = e.RowKey,
        Award = new AwardRecord(
            e.GetString("AgentId"),
            DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Enum.Parse<AwardItem>(e.GetString("Item")),
            Enum.Parse<AwardLevel>(e.GetString("Level")),
            e.GetString("Note") ?? ""),
        Source = e.GetString("Source"),
        RecordedAt = e.GetDateTimeOffset("RecordedAt") ?? default,
        ReversalOf = e.GetString("ReversalOf"),
        Reason = e.GetString("Reason"),
    };
}
