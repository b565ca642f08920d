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
}
