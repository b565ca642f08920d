using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// Import status rows in <c>Imports</c> (partition = business day, row = kind|source|importId, so a day's
/// imports list with one partition query) and the import in force per kind, day and source in
/// <c>ImportHeads</c>, changed under ETags so two imports racing for one slot cannot both win. <c>ImportHeads</c> also
/// holds, per day, a claim row <c>~kind|contentHash</c> per content counted (added once, so two copies racing under two
/// names cannot both count).
/// </summary>
public sealed class ImportLog(StorageClients storage) : IImportLog
{
    private TableClient Imports => storage.Tables.GetTableClient(Tables.Imports);
    private TableClient Heads => storage.Tables.GetTableClient(Tables.ImportHeads);

    public async Task<ImportRecord?> FindAsync(ExportKind kind, DateOnly date, string source, string importId, CancellationToken cancellationToken)
    {
        var found = await Imports.GetEntityIfExistsAsync<TableEntity>(Day(date), $"{kind.ToPathName()}|{source}|{importId}", cancellationToken: cancellationToken);
        return found.HasValue ? ToRecord(found.Value!) : null;
    }

    public async Task SaveAsync(ImportRecord record, CancellationToken cancellationToken) =>
        await Imports.UpsertEntityAsync(ToEntity(record), TableUpdateMode.Replace, cancellationToken);

    public async Task<ImportRecord?> CurrentAsync(ExportKind kind, DateOnly date, string source, CancellationToken cancellationToken)
    {
        var head = await Heads.GetEntityIfExistsAsync<TableEntity>(Day(date), $"{kind.ToPathName()}|{source}", cancellationToken: cancellationToken);
        if (!head.HasValue) return null;
        return await FindAsync(kind, date, source, head.Value!.GetString("ImportId"), cancellationToken);
    }

    public async Task<bool> TrySetCurrentAsync(ImportRecord record, ImportRecord? expected, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Day(record.Date), $"{record.Kind.ToPathName()}|{record.Source}") { ["ImportId"] = record.ImportId };
        try
        {
            var head = await Heads.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            if (!head.HasValue)
            {
                if (expected is not null) return false;
                await Heads.AddEntityAsync(entity, cancellationToken);
                return true;
            }
            var inForce = head.Value!.GetString("ImportId");
            if (inForce == record.ImportId) return true;
            if (inForce != expected?.ImportId) return false;
            await Heads.UpdateEntityAsync(entity, head.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<ContentHolder?> ClaimContentAsync(ImportRecord candidate, CancellationToken cancellationToken)
    {
        var day = Day(candidate.Date);
        var key = ClaimPrefix + $"{candidate.Kind.ToPathName()}|{candidate.ContentHash}";
        TableEntity Claim() => new(day, key)
        {
            ["Source"] = candidate.Source,
            ["ImportId"] = candidate.ImportId,
            ["BlobName"] = candidate.BlobName,
            ["ClaimedAt"] = candidate.ReceivedAt,
            // What its source had in force when it claimed: while that is still in force, the claimant is still importing.
            ["Before"] = candidate.Supersedes ?? "",
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var held = await Heads.GetEntityIfExistsAsync<TableEntity>(day, key, cancellationToken: cancellationToken);
                if (!held.HasValue)
                {
                    await Heads.AddEntityAsync(Claim(), cancellationToken);
                    return null;
                }
                var claim = held.Value!;
                var holder = new ContentHolder(claim.GetString("ImportId"), claim.GetString("Source"), claim.GetString("BlobName"));
                if (holder.Source != candidate.Source)
                {
                    // The holder counts while its import is in force, or still being imported (its source still has
                    // what it had when the holder claimed); once its source has put other bytes in force, the claim is free.
                    var inForce = (await CurrentAsync(candidate.Kind, candidate.Date, holder.Source, cancellationToken))?.ImportId ?? "";
                    if (inForce == holder.ImportId || inForce == (claim.GetString("Before") ?? "")) return holder;
                }
                await Heads.UpdateEntityAsync(Claim(), claim.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
                // Another copy claimed or took over the same bytes at the same moment: look again.
            }
        }
    }

    /// <summary>Claim rows sort apart from the heads (<c>kind|source</c>): no kind starts with '~'.</summary>
    public const string ClaimPrefix = "~";

    public async Task<IReadOnlyList<ImportRecord>> ListAsync(DateOnly date, ExportKind? kind, ImportStatus? status, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{Day(date)}'";
        if (kind is { } k) filter += $" and RowKey ge '{k.ToPathName()}|' and RowKey lt '{k.ToPathName()}}}'";
        var records = new List<ImportRecord>();
        await foreach (var entity in Imports.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var record = ToRecord(entity);
            if (status is null || record.Status == status) records.Add(record);
        }
        return records;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(ImportRecord r) => new(Day(r.Date), $"{r.Kind.ToPathName()}|{r.Source}|{r.ImportId}")
    {
        ["ImportId"] = r.ImportId,
        ["Kind"] = r.Kind.ToPathName(),
        ["Source"] = r.Source,
        ["BlobName"] = r.BlobName,
        ["BlobETag"] = r.BlobETag,
        ["Status"] = r.Status.ToString(),
        ["ContentHash"] = r.ContentHash,
        ["DataRows"] = r.DataRows,
        ["AcceptedRows"] = r.AcceptedRows,
        ["BadRows"] = r.BadRows,
        ["UnknownAgents"] = r.UnknownAgents,
        ["Supersedes"] = r.Supersedes,
        ["DuplicateOf"] = r.DuplicateOf,
        ["DuplicateOfBlob"] = r.DuplicateOfBlob,
        ["RejectionReason"] = r.RejectionReason,
        ["ReportBlob"] = r.ReportBlob,
        ["ReceivedAt"] = r.ReceivedAt,
    };

    private static ImportRecord ToRecord(TableEntity e) => new()
    {
        ImportId = e.GetString("ImportId"),
        Kind = ExportKinds.TryParse(e.GetString("Kind"), out var kind) ? kind : throw new InvalidDataException($"Import {e.RowKey} has an unknown kind."),
        Date = DateOnly.ParseExact(e.PartitionKey, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Source = e.GetString("Source"),
        BlobName = e.GetString("BlobName"),
        BlobETag = e.GetString("BlobETag"),
        Status = Enum.Parse<ImportStatus>(e.GetString("Status")),
        // Rows written before the switch to XXH128 kept a bare SHA-256 hex under the old name.
        ContentHash = e.GetString("ContentHash") ?? "",
        DataRows = e.GetInt64("DataRows") ?? 0,
        AcceptedRows = e.GetInt64("AcceptedRows") ?? 0,
        BadRows = e.GetInt64("BadRows") ?? 0,
        UnknownAgents = e.GetInt64("UnknownAgents") ?? 0,
        Supersedes = e.GetString("Supersedes"),
        DuplicateOf = e.GetString("DuplicateOf"),
        DuplicateOfBlob = e.GetString("DuplicateOfBlob"),
        RejectionReason = e.GetString("RejectionReason"),
        ReportBlob = e.GetString("ReportBlob"),
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt") ?? default,
    };
}
