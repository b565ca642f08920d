using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Serverless.Storage;

/// <summary>
/// The app's storage account, from the Functions setting <c>AzureWebJobsStorage</c>: a connection string
/// locally (Azurite), or a managed identity in Azure (the forms in <see cref="StorageConnection"/>).
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

    /// <summary>Clients for the connection in <see cref="StorageConnection"/>'s forms (identity or connection string).</summary>
    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        var connection = StorageConnection.FromConfiguration(configuration);
        if (connection.ConnectionString is not null)
        {
            return FromConnectionString(connection.ConnectionString);
        }
        TokenCredential credential = connection.Credential!.Create();
        return new StorageClients(new TableServiceClient(connection.TableServiceUri!, credential), new BlobServiceClient(connection.BlobServiceUri!, credential));
    }

    public static StorageClients FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString), new BlobServiceClient(connectionString));
}
