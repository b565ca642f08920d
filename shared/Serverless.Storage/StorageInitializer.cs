namespace Serverless.Storage;

/// <summary>Creates the app's tables and containers if missing (idempotent; run once at start).</summary>
public static class StorageInitializer
{
    public static async Task EnsureCreatedAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        await Task.WhenAll(
            Tables.All.Select(t => storage.Tables.CreateTableIfNotExistsAsync(t, cancellationToken)).Cast<Task>()
                .Concat(Containers.All.Select(c => storage.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }
}
