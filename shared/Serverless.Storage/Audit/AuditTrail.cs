using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// The audit trail in <c>AuditTrail</c>: partition = the record's UTC day (<c>yyyy-MM-dd</c>), row = its time in ticks
/// (19 digits, so rows sort by time) and id. Records are only ever added ("add", a repeat of an id is a retry and is left
/// alone); this class has no update or delete, and nothing else writes the table. Paging is the table service's own
/// continuation (next partition and row key), handed out base64url-encoded. <c>AuditIds</c> holds each record's id once
/// (added, never replaced), so a retried call appends no second record.
/// </summary>
public sealed class AuditTrail(StorageClients storage) : IAuditTrail
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.AuditTrail);

    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var at = record.At.ToUniversalTime();
        var planned = (Partition: Day(at), Row: at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + record.Id);
        // The id is claimed first, with where its record goes. A retried call (same id, later time) finds the claim and
        // adds the record where the first attempt planned it, if that attempt died before writing it: one record per id,
        // and nothing is ever replaced.
        var ids = storage.Tables.GetTableClient(Tables.AuditIds);
        try
        {
            await ids.AddEntityAsync(new TableEntity("id", record.Id) { ["Partition"] = planned.Partition, ["Row"] = planned.Row }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var first = (await ids.GetEntityAsync<TableEntity>("id", record.Id, cancellationToken: cancellationToken)).Value;
            planned = (first.GetString("Partition") ?? planned.Partition, first.GetString("Row") ?? planned.Row);
            if ((await Table.GetEntityIfExistsAsync<TableEntity>(planned.Partition, planned.Row, ["RecordId"], cancellationToken)).HasValue) return;
            at = new DateTimeOffset(long.Parse(planned.Row[..19], CultureInfo.InvariantCulture), TimeSpan.Zero);
        }
        var entity = new TableEntity(planned.Partition, planned.Row)
        {
            ["RecordId"] = record.Id,
            ["At"] = at,
            ["Actor"] = record.Actor,
            ["Kind"] = record.Kind,
            ["Action"] = record.Action,
            ["Target"] = record.Target,
            ["Reason"] = record.Reason,
            ["CorrelationId"] = record.CorrelationId,
            ["Status"] = record.Status,
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // A racing retry wrote it first.
        }
    }

    public async Task<AuditPage> QueryAsync(DateOnly from, DateOnly to, string? kind, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Day(from)} and PartitionKey le {Day(to)}");
        if (kind is not null) filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind}");
        var records = new List<AuditRecord>();
        string? next = null;
        var token = continuation is null ? null : Decode(continuation);
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(token, pageSize))
        {
            records.AddRange(page.Values.Select(ToRecord));
            next = page.ContinuationToken;
            // A page may come back short or even empty while more follow (the service stops at partition boundaries):
            // keep reading until the page is full or there is nothing more.
            if (records.Count >= pageSize || next is null) break;
        }
        return new AuditPage(records, next is null ? null : Encode(next));
    }

    private static string Day(DateTimeOffset at) => Day(DateOnly.FromDateTime(at.UtcDateTime));

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Marks the tokens this trail hands out, so anything else is refused instead of read as a position.</summary>
    private const string TokenPrefix = "audit1 ";

    private static string Encode(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string token)
    {
        var text = token.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(text));
        }
        catch (DecoderFallbackException error)
        {
            throw new FormatException("Not a continuation token of the audit trail.", error);
        }
        return decoded.StartsWith(TokenPrefix, StringComparison.Ordinal) && decoded.Length > TokenPrefix.Length
            ? decoded[TokenPrefix.Length..]
            : throw new FormatException("Not a continuation token of the audit trail.");
    }

    private static AuditRecord ToRecord(TableEntity e) => new(
        e.GetString("RecordId") ?? "",
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("Actor") ?? "",
        e.GetString("Kind") ?? "",
        e.GetString("Action") ?? "",
        e.GetString("Target") ?? "",
        e.GetString("Reason"),
        e.GetString("CorrelationId") ?? "",
        e.GetInt32("Status") ?? 0);
}
