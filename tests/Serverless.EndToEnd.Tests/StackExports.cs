using Azure.Storage.Blobs;
using Serverless.LocalHost;

namespace Serverless.EndToEnd.Tests;

/// <summary>The stack's <c>exports</c> container, where a test drops files as the call center would.</summary>
internal static class StackExports
{
    public static async Task<BlobContainerClient> ExportsAsync(this LocalStack stack)
    {
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();
        return exports;
    }
}
