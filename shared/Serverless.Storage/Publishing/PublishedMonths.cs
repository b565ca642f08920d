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
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [MonthPublication.RankingCsvName] = "text/csv; charset=utf-8",
        [MonthPublication.RankingXlsxName] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [MonthPublication.RankingJsonName] = "application/json; charset=utf-8",
        [MonthPublication.BonusCsvName] = "text/csv; charset=utf-8",
        [MonthPublication.PayrollCsvName] = "text/csv; charset=utf-8",
        [MonthPublication.DiffCsvName] = "text/csv; charset=utf-8",
        [MonthPublication.ManifestName] = "application/json; charset=utf-8",
    };

    /// <summary>Every file name a published version can hold.</summary>
    public static IReadOnlyCollection<string> FileNames => ContentTypes.Keys;

    /// <summary>The container a file lives in: bonus and payroll under <c>bonus</c>, the rest under <c>rankings</c>.</summary>
    public static string ContainerOf(string fileName) =>
        fileName is MonthPublication.BonusCsvName or MonthPublication.PayrollCsvName ? Containers.Bonus : Containers.Rankings;

    /// <summary>The blob name of a file of a version, e.g. <c>2026-10/v2/ranking.csv</c>.</summary>
    public static string BlobName(YearMonth month, int version, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{month}/v{version}/{fileName}");

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
        if (!ContentTypes.TryGetValue(fileName, out var contentType)) return null;
        var blob = storage.Blobs.GetBlobContainerClient(ContainerOf(fileName)).GetBlobClient(BlobName(month, version, fileName));
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
