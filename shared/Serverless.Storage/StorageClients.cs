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
    public StorageClients(TableServiceClient tables, BlobServiceClient blobs, MonthPartitions? partitions = null)
    {
        Tables = tables;
        Blobs = blobs;
        Partitions = partitions ?? new MonthPartitions();
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }

    /// <summary>How the per-agent month tables spread a month over partitions (setting <c>Storage:PartitionBuckets</c>).</summary>
    public MonthPartitions Partitions { get; }

    /// <summary>Clients for the connection in <see cref="StorageConnection"/>'s forms (identity or connection string).</summary>
    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        var connection = StorageConnection.FromConfiguration(configuration);
        if (connection.ConnectionString is not null)
        {
            return FromConnectionString(connection.ConnectionString, MonthPartitions.FromConfiguration(configuration));
        }
        TokenCredential credential = connection.Credential!.Create();
        return new StorageClients(new TableServiceClient(connection.TableServiceUri!, credential), new BlobServiceClient(connection.BlobServiceUri!, credential), MonthPartitions.FromConfiguration(configuration));
    }

    public static StorageClients FromConnectionString(string connectionString, MonthPartitions? partitions = null) =>
        new(new TableServiceClient(connectionString), new BlobServiceClient(connectionString), partitions);
}
