using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// Published months. Version rows in <c>Publications</c> (partition = month, row = <c>v0001</c>…), added with "add" so a
/// version is claimed once; files under <c>rankings/{yyyy-MM}/v{n}/</c> (ranking.csv, ranking.xlsx, ranking.json, diff.csv,
/// manifest.json) and <c>bonus/{yyyy-MM}/v{n}/</c> (bonus.csv, payroll.csv, manifest.json).
/// </summary>
public sealed class PublicationStore(StorageClients storage, TimeProvider clock) : IPublicationStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Publications);

    public async Task<IReadOnlyList<PublicationVersion>> ListAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var versions = new List<PublicationVersion>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken))
        {
            versions.Add(ToVersion(entity));
        }
        return [.. versions.OrderBy(v => v.Version)];
    }

    public async Task<IReadOnlyList<PublicationVersion>> ListBeforeAsync(YearMonth month, CancellationToken cancellationToken)
    {
        // Partition keys are yyyy-MM, so string order is month order; a handful of rows per month.
        var versions = new List<PublicationVersion>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey lt '{month}'", cancellationToken: cancellationToken))
        {
            versions.Add(ToVersion(entity));
        }
        return [.. versions.OrderBy(v => v.Month).ThenBy(v => v.Version)];
    }

    public async Task<PublicationVersion?> TryClaimAsync(PublicationClaim claim, CancellationToken cancellationToken)
    {
        var entity = ToEntity(claim);
        try
        {
            var response = await Table.AddEntityAsync(entity, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return ToVersion(entity);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    public async Task<PublicationVersion?> TryTakeOverAsync(PublicationVersion current, PublicationClaim claim, CancellationToken cancellationToken)
    {
        if (current.Month != claim.Month || current.Version != claim.Version)
            throw new ArgumentException($"A claim on {claim.Month} v{claim.Version} cannot take over {current.Month} v{current.Version}.", nameof(claim));
        return await ReplaceAsync(ToEntity(claim), current.ETag, cancellationToken);
    }

    public async Task<PublicationVersion?> TryRenewAsync(PublicationVersion claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.State != PublicationState.Claimed) return null;
        var entity = ToEntity(claim, PublicationState.Claimed);
        entity["RenewedAt"] = now;
        if (await ReplaceAsync(entity, claim.ETag, cancellationToken) is { } renewed) return renewed;
        // The ETag moved: another attempt took the claim over, or an earlier renewal of ours went through but its answer
        // was lost (a timeout); the row says which.
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(claim.Month.ToString(), Row(claim.Version), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("State") != nameof(PublicationState.Claimed) || row.Value.GetString("AttemptId") != claim.AttemptId) return null;
        return await ReplaceAsync(entity, row.Value.ETag.ToString(), cancellationToken);
    }

    public async Task<bool> ReleaseAsync(PublicationVersion claim, CancellationToken cancellationToken)
    {
        var entity = ToEntity(claim, PublicationState.Released);
        return await ReplaceAsync(entity, claim.ETag, cancellationToken) is not null;
    }

    public async Task<PublicationVersion?> TryCompleteAsync(PublicationVersion claim, PublicationManifest manifest, CancellationToken cancellationToken)
    {
        var entity = ToEntity(claim, PublicationState.Complete);
        entity["CompletedAt"] = clock.GetUtcNow();
        entity["RulesVersion"] = manifest.RulesVersion;
        entity["RowCount"] = manifest.RowCount;
        entity["PaidCount"] = manifest.PaidCount;
        entity["TotalAmount"] = manifest.TotalAmount.ToString(CultureInfo.InvariantCulture);
        return await ReplaceAsync(entity, claim.ETag, cancellationToken);
    }

    public async Task WriteFilesAsync(PublicationVersion claim, IReadOnlyList<PublishedFile> files, CancellationToken cancellationToken)
    {
        // The manifest goes last: whoever finds it finds every file it lists already written.
        var manifest = files.Where(f => f.Name == MonthPublication.ManifestName).ToList();
        await Task.WhenAll(files.Except(manifest).SelectMany(f => PublishedLayout.ContainersOf(f.Name).Select(c => WriteAsync(claim, c, f, cancellationToken))));
        await Task.WhenAll(manifest.SelectMany(f => PublishedLayout.ContainersOf(f.Name).Select(c => WriteAsync(claim, c, f, cancellationToken))));
    }

    public async Task<byte[]?> ReadFileAsync(YearMonth month, int version, string fileName, CancellationToken cancellationToken)
    {
        var blob = storage.Blobs.GetBlobContainerClient(PublishedLayout.ContainersOf(fileName)[0]).GetBlobClient(PublishedLayout.BlobName(month, version, fileName));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public string LocationOf(YearMonth month, int version, string fileName) => PublishedLayout.LocationOf(month, version, fileName);

    private async Task WriteAsync(PublicationVersion claim, string container, PublishedFile file, CancellationToken cancellationToken)
    {
        var blob = storage.Blobs.GetBlobContainerClient(container).GetBlobClient(PublishedLayout.BlobName(claim.Month, claim.Version, file.Name));
        var headers = new BlobHttpHeaders { ContentType = file.ContentType };
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(file.Content), new BlobUploadOptions { HttpHeaders = headers, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already there: written by an earlier attempt at this same, still unpublished, version.
        }
        var existing = await blob.DownloadContentAsync(cancellationToken);
        if (existing.Value.Content.ToMemory().Span.SequenceEqual(file.Content)) return;
        await EnsureHeldAsync(claim, cancellationToken);
        await blob.UploadAsync(BinaryData.FromBytes(file.Content), new BlobUploadOptions { HttpHeaders = headers, Conditions = new BlobRequestConditions { IfMatch = existing.Value.Details.ETag } }, cancellationToken);
    }

    private async Task EnsureHeldAsync(PublicationVersion claim, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(claim.Month.ToString(), Row(claim.Version), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("State") != nameof(PublicationState.Claimed) || row.Value.GetString("AttemptId") != claim.AttemptId)
        {
            throw new InvalidOperationException($"{claim.Month} v{claim.Version}: this attempt no longer holds the claim, so it must not rewrite the version's files.");
        }
    }

    private async Task<PublicationVersion?> ReplaceAsync(TableEntity entity, string etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return ToVersion(entity);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    private static string Row(int version) => "v" + version.ToString("D4", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(PublicationClaim claim) => new(claim.Month.ToString(), Row(claim.Version))
    {
        ["Version"] = claim.Version,
        ["State"] = nameof(PublicationState.Claimed),
        ["AttemptId"] = claim.AttemptId,
        ["ClaimedAt"] = claim.ClaimedAt,
        ["GeneratedAt"] = claim.GeneratedAt,
        ["Reason"] = claim.Reason,
    };

    private static TableEntity ToEntity(PublicationVersion v, PublicationState state)
    {
        var entity = ToEntity(new PublicationClaim(v.Month, v.Version, v.AttemptId, v.ClaimedAt, v.GeneratedAt, v.Reason));
        entity["State"] = state.ToString();
        return entity;
    }

    private static PublicationVersion ToVersion(TableEntity e) => new()
    {
        Month = YearMonth.TryParse(e.PartitionKey, out var month) ? month : throw new InvalidDataException($"Publications row with partition '{e.PartitionKey}' is not a month."),
        Version = e.GetInt32("Version") ?? 0,
        State = Enum.TryParse<PublicationState>(e.GetString("State"), out var state) ? state : PublicationState.Claimed,
        AttemptId = e.GetString("AttemptId") ?? "",
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt") ?? default,
        RenewedAt = e.GetDateTimeOffset("RenewedAt"),
        GeneratedAt = e.GetDateTimeOffset("GeneratedAt") ?? default,
        Reason = e.GetString("Reason"),
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        RulesVersion = e.GetString("RulesVersion"),
        RowCount = e.GetInt32("RowCount") ?? 0,
        PaidCount = e.GetInt32("PaidCount") ?? 0,
        TotalAmount = decimal.TryParse(e.GetString("TotalAmount"), NumberStyles.Number, CultureInfo.InvariantCulture, out var total) ? total : 0m,
        ETag = e.ETag.ToString(),
    };
}
