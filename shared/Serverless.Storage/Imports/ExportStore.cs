using Azure;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>Reads dropped exports from the <c>exports</c> container as streams (never whole into memory).</summary>
public sealed class ExportStore(StorageClients storage) : IExportStore
{
    public async Task<ExportContent?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        var blob = storage.Blobs.GetBlobContainerClient(Containers.Exports).GetBlobClient(blobName);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new ExportContent(download.Value.Content, download.Value.Details.ETag.ToString(), download.Value.Details.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<ExportBlob> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = storage.Blobs.GetBlobContainerClient(Containers.Exports);
        var pages = container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken);
        await using var items = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync()) yield break;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // No exports container yet: nothing was ever dropped.
                yield break;
            }
            yield return new ExportBlob(items.Current.Name, items.Current.Properties.ETag?.ToString() ?? "");
        }
    }
}
