namespace Serverless.Storage;

/// <summary>Creates the app's tables and containers if missing (idempotent; run once at start).</summary>
public static class StorageInitializer
{
    public static async Task EnsureCreatedAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var tables = new[] { Tables.Imports, Tables.ImportHeads, Tables.Metrics, Tables.Roster, Tables.AgentDays };
        var containers = new[] { Containers.Exports, Containers.Reports, Containers.Rankings, Containers.Bonus };
        await Task.WhenAll(
            tables.Select(t => storage.Tables.CreateTableIfNotExistsAsync(t, cancellationToken)).Cast<Task>()
                .Concat(containers.Select(c => storage.Blobs.GetBlobContainerClient(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }
}
