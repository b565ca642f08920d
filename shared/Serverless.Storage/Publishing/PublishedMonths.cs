using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// Reads month close's files: ranking files and the manifest under <c>rankings/{yyyy-MM}/v{n}/</c>, bonus and payroll
/// files under <c>bonus/{yyyy-MM}/v{n}/</c>. A version counts once its <c>manifest.json</c> exists, because month
/// close writes the manifest last: a half-written version is never served.
/// </summary>
public sealed class PublishedMonths(StorageClients storage) : IPublishedMonths
{
    public async Task<int?> GetLatestVersionAsync(YearMonth month, CancellationToken cancellationToken)
    {
        int? latest = null;
        var prefix = $"{month}/v";
        var container = storage.Blobs.GetBlobContainerClient(Containers.Rankings);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var rest = blob.Name.AsSpan(prefix.Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0 || !rest[(slash + 1)..].SequenceEqual(MonthPublication.ManifestName)) continue;
            if (int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > (latest ?? 0)) latest = version;
        }
        return latest;
    }

    public async Task<YearMonth?> GetLatestMonthAsync(CancellationToken cancellationToken)
    {
        var months = new List<YearMonth>();
        var container = storage.Blobs.GetBlobContainerClient(Containers.Rankings);
        await foreach (var item in container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, cancellationToken))
        {
            if (item.IsPrefix && YearMonth.TryParse(item.Prefix.TrimEnd('/'), out var month)) months.Add(month);
        }
        // The newest month may be mid-publication (no manifest yet): the latest month is the newest one complete.
        foreach (var month in months.OrderDescending())
        {
            if (await GetLatestVersionAsync(month, cancellationToken) is not null) return month;
        }
        return null;
    }

    public async Task<PublishedFileContent?> OpenFileAsync(YearMonth month, int version, string fileName, CancellationToken cancellationToken)
    {
        if (MonthPublication.ContentTypeOf(fileName) is not { } contentType) return null;
        var blob = storage.Blobs.GetBlobContainerClient(PublishedLayout.ContainerOf(fileName)).GetBlobClient(PublishedLayout.BlobName(month, version, fileName));
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            var details = download.Value.Details;
            return new PublishedFileContent(download.Value.Content, contentType, details.ContentLength, details.ETag.ToString("H"), details.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
