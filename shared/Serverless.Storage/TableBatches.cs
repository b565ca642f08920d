using Azure.Data.Tables;

namespace Serverless.Storage;

/// <summary>Writes many entities as entity-group transactions: at most 100 per batch, one partition per batch.</summary>
public static class TableBatches
{
    public const int MaxBatch = 100;

    public static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken, int parallelism = 4)
    {
        var batches = actions
            .GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatch));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
    }

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/>, for range queries.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    public static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);
}
