using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Serverless.Storage;

/// <summary>
/// The app's storage account, from the Functions setting <c>AzureWebJobsStorage</c>: a connection string
/// locally (Azurite), or managed identity in Azure (<c>AzureWebJobsStorage__accountName</c>).
/// </summary>
public sealed class StorageClients
{
    public StorageClients(TableServiceClient tables, BlobServiceClient blobs)
    {
        Tables = tables;
        Blobs = blobs;
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }

    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        var connection = configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrWhiteSpace(connection))
        {
            return FromConnectionString(connection);
        }
        var account = configuration["AzureWebJobsStorage:accountName"];
        if (!string.IsNullOrWhiteSpace(account))
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AzureWebJobsStorage:clientId"] });
            return new StorageClients(
                new TableServiceClient(new Uri($"https://{account}.table.core.windows.net"), credential),
                new BlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"), credential));
        }
        throw new InvalidOperationException("Storage is not configured: set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName (managed identity).");
    }

    public static StorageClients FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString), new BlobServiceClient(connectionString));
}
