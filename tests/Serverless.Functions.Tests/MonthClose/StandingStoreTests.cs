using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Standings (each agent's closed months) on Azurite: spread over the agent-id buckets so a close's row per agent is not
/// one partition's load, read back whole across the buckets, and standings written in the single partition before the
/// buckets still counted.
/// </summary>
public sealed class StandingStoreTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{
    private static readonly YearMonth September = new(2026, 9), October = new(2026, 10);

    [Fact]
    public async Task A_close_of_many_agents_is_spread_over_the_buckets_and_every_agents_months_read_back()
    {
        var agents = Enumerable.Range(1, 400).Select(i => $"SP{i:0000}").ToList();
        var store = new StandingStore(Storage);
        await store.RecordMonthAsync(September, 1, [.. agents.Select((a, i) => new ClosedMonthPoints(a, September, 1, i, 1))], CancellationToken.None);
        await store.RecordMonthAsync(October, 2, [.. agents.Select((a, i) => new ClosedMonthPoints(a, October, 2, 100 + i, 2))], CancellationToken.None);

        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in Storage.Tables.GetTableClient(Tables.Standings).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            if (row.RowKey.StartsWith("SP", StringComparison.Ordinal)) partitions[row.PartitionKey] = partitions.GetValueOrDefault(row.PartitionKey) + 1;
        }
        Assert.Equal(Storage.Partitions.All("agents").Order(StringComparer.Ordinal), partitions.Keys.Order(StringComparer.Ordinal));
        Assert.True(partitions.Values.Max() < 400 / 16.0 * 2, $"busiest partition {partitions.Values.Max()} of 400 agents");

        var read = await store.GetAllAsync(CancellationToken.None);
        Assert.All(agents.Select((a, i) => (a, i)), x =>
        {
            var standing = read[x.a];
            Assert.Equal([September, October], standing.Months.Select(m => m.Month));
            Assert.Equal(x.i + 100 + x.i, standing.Cumulative);
            Assert.Equal(2, standing.Stars);
            Assert.Equal(2, standing.Months[1].Version);
        });
    }

    [Fact]
    public async Task Standings_recorded_in_the_single_partition_still_count_after_the_buckets_and_a_bucket_month_replaces_its_own()
    {
        var single = new StandingStore(new StorageClients(Storage.Tables, Storage.Blobs, new MonthPartitions(1)));
        await single.RecordMonthAsync(September, 1, [new ClosedMonthPoints("LEG1", September, 1, 40m, 1), new ClosedMonthPoints("LEG2", September, 1, 30m, 1)], CancellationToken.None);
        await single.RecordMonthAsync(October, 1, [new ClosedMonthPoints("LEG1", October, 1, 50m, 2)], CancellationToken.None);

        var bucketed = new StandingStore(Storage);
        // October re-published under the buckets: its new version replaces the one in the single partition.
        await bucketed.RecordMonthAsync(October, 2, [new ClosedMonthPoints("LEG1", October, 2, 55m, 2), new ClosedMonthPoints("LEG2", October, 2, 20m, 1)], CancellationToken.None);

        var read = await bucketed.GetAllAsync(CancellationToken.None);
        Assert.Equal([(September, 1, 40m), (October, 2, 55m)], read["LEG1"].Months.Select(m => (m.Month, m.Version, m.Points)));
        Assert.Equal([(September, 1, 30m), (October, 2, 20m)], read["LEG2"].Months.Select(m => (m.Month, m.Version, m.Points)));
        Assert.Equal(95m, read["LEG1"].Cumulative);
    }
}
