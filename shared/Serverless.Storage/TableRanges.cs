using Azure.Data.Tables;

namespace Serverless.Storage;

/// <summary>Reads many rows of one partition by row key.</summary>
public static class TableRanges
{
    /// <summary>Rows per range: one page of a table query.</summary>
    public const int RunLength = 1_000;

    /// <summary>
    /// The rows of <paramref name="partition"/> whose row keys are among <paramref name="rowKeys"/> (absent keys are
    /// simply not in the result). The keys are taken in ordinal order (the table's) and cut into runs of
    /// <see cref="RunLength"/>; each run is one range query, and the runs are read in parallel.
    /// </summary>
    /// <remarks>
    /// One range over all the keys would come back as a chain of pages, each asked for only when the one before has
    /// arrived, so a busy store answers a few thousand keys in as many round trips as pages, one after another. Cut
    /// into runs, a run is usually one page and the pages travel together. On Azurite it is also less work: every page
    /// of a query filters the whole table and sorts all the matches still to come, so one range's later pages sort the
    /// rest of the range again, while a run sorts its own thousand rows once.
    /// </remarks>
    public static async Task<Dictionary<string, TableEntity>> ReadAsync(TableClient table, string partition, IEnumerable<string> rowKeys,
        IEnumerable<string>? select, CancellationToken cancellationToken, int parallelism = 4)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rowKeys);
        var runs = rowKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Chunk(RunLength).ToList();
        var columns = select?.ToList();
        var found = new Dictionary<string, TableEntity>[runs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var run = runs[i];
            var wanted = run.ToHashSet(StringComparer.Ordinal);
            var rows = new Dictionary<string, TableEntity>(run.Length, StringComparer.Ordinal);
            var filter = $"PartitionKey eq '{TableBatches.Quote(partition)}' and RowKey ge '{TableBatches.Quote(run[0])}' and RowKey le '{TableBatches.Quote(run[^1])}'";
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: columns, cancellationToken: ct))
            {
                if (wanted.Contains(entity.RowKey)) rows[entity.RowKey] = entity;
            }
            found[i] = rows;
        });
        var all = new Dictionary<string, TableEntity>(found.Sum(f => f.Count), StringComparer.Ordinal);
        foreach (var rows in found)
        {
            foreach (var (key, entity) in rows) all[key] = entity;
        }
        return all;
    }
}

/// <summary>Reads whole partitions of one table, several at a time.</summary>
public static class TablePartitions
{
    /// <summary>Partition queries in flight at once.</summary>
    public const int DefaultParallelism = 16;

    /// <summary>
    /// Every row of each of <paramref name="partitions"/> (one list per partition, in the order given), at most
    /// <paramref name="parallelism"/> partition queries in flight.
    /// </summary>
    /// <remarks>
    /// On Azure Table storage a partition query is served from its partition, so partitions read side by side overlap
    /// their round trips (up to the account's target). Azurite answers every query (every page) by filtering the whole
    /// table on one thread, so there the queries cost about the same however many are in flight (and 16 partition queries
    /// of a 20,000-row month beat one, whose every page of 1,000 re-sorts the rest of the month). Bounded, so 100 buckets
    /// do not open 100 connections at once.
    /// </remarks>
    public static async Task<List<TableEntity>[]> ReadAsync(TableClient table, IReadOnlyList<string> partitions, IEnumerable<string>? select,
        CancellationToken cancellationToken, int parallelism = DefaultParallelism)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(partitions);
        var columns = select?.ToList();
        var found = new List<TableEntity>[partitions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions.Count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var rows = new List<TableEntity>();
            await foreach (var entity in table.QueryAsync<TableEntity>($"PartitionKey eq '{TableBatches.Quote(partitions[i])}'", select: columns, cancellationToken: ct))
            {
                rows.Add(entity);
            }
            found[i] = rows;
        });
        return found;
    }
}
