using Azure;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>Import reports under <c>reports/</c>; their row-error values were masked for personal columns when written.</summary>
public sealed class ReportFiles(StorageClients storage) : IReportFiles
{
    public async Task<Stream?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var download = await storage.Blobs.GetBlobContainerClient(Containers.Reports).GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
