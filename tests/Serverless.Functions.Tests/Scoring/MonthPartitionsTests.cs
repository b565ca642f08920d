using Serverless.Storage;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>How a month of agents falls on partitions: spread evenly, the same in every process, each agent in one.</summary>
public sealed class MonthPartitionsTests
{
    private static readonly IReadOnlyList<string> NationalDay = [.. Enumerable.Range(1, 20_000).Select(i => $"A{i:00000}")];

    [Fact]
    public void A_national_day_of_agents_is_spread_so_no_partition_holds_much_more_than_its_share()
    {
        var partitions = new MonthPartitions();
        var counts = NationalDay.GroupBy(a => partitions.For("2026-10", a)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(partitions.All("2026-10").Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        var share = NationalDay.Count / (double)partitions.Buckets;
        // ~80,000 ledger rows over the buckets: the busiest must stay near its share (1.25×) to keep a day inside the account target.
        Assert.True(counts.Values.Max() < share * 1.25, $"busiest partition {counts.Values.Max()} agents, share {share}");
    }

    [Fact]
    public void An_agent_keeps_its_partition_across_instances_and_one_bucket_keeps_the_month_alone()
    {
        var first = new MonthPartitions(16);
        var second = new MonthPartitions(16);
        Assert.All(NationalDay.Take(500), a => Assert.Equal(first.For("2026-11", a), second.For("2026-11", a)));
        Assert.All(NationalDay.Take(500), a => Assert.StartsWith("2026-11-", first.For("2026-11", a), StringComparison.Ordinal));
        Assert.Equal("2026-11", new MonthPartitions(1).For("2026-11", "A00001"));
        Assert.Equal(["2026-11"], new MonthPartitions(1).All("2026-11"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_bucket_count_out_of_range_is_refused_with_the_setting_named(int buckets)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MonthPartitions(buckets));
        Assert.Contains("Storage:PartitionBuckets", error.Message, StringComparison.Ordinal);
    }
}
