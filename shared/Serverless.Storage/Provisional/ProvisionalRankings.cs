using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// The provisional rankings in container <c>provisional</c>, one blob a month, <c>{yyyy-MM}.json</c> (a ranking.json
/// with version 0), its content hash in the blob's metadata so a refresh that computed the same standings writes nothing.
/// A container of its own: nothing that lists what month close published (<c>rankings/</c>) ever sees it.
/// </summary>
public sealed class ProvisionalRankings(StorageClients storage) : IProvisionalRankings
{
    private const string HashKey = "contenthash";

    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(Containers.Provisional);

    private static string BlobName(YearMonth month) => $"{month}.json";

    public async Task<RankingDocument?> GetAsync(YearMonth month, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Container.GetBlobClient(BlobName(month)).DownloadContentAsync(cancellationToken);
            using var stream = content.Value.Content.ToStream();
            return RankingJson.Read(stream);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> PutIfChangedAsync(YearMonth month, RankingDocument document, string contentHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blob = Container.GetBlobClient(BlobName(month));
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.Metadata.TryGetValue(HashKey, out var stored) && stored == contentHash) return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // None stored yet (or no container yet: the upload below makes it).
        }
        var bytes = new BinaryData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, PublicationJson.Options));
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
            Metadata = new Dictionary<string, string> { [HashKey] = contentHash },
        };
        try
        {
            await blob.UploadAsync(bytes, options, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // A store older than the container (created at start by StorageInitializer): make it and write again.
            await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await blob.UploadAsync(bytes, options, cancellationToken);
        }
        return true;
    }
}
