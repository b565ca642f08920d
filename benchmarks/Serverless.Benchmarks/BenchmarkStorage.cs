using Microsoft.Extensions.Configuration;
using Serverless.Storage;

namespace Serverless.Benchmarks;

/// <summary>
/// The benchmarks' own storage clients, partitioned as the handler they run is: <c>Storage__PartitionBuckets</c> in the
/// environment reaches both, so a run with <c>Storage__PartitionBuckets=1</c> (the single month partition) counts and
/// reads the rows where the handler wrote them.
/// </summary>
internal static class BenchmarkStorage
{
    public static StorageClients Of(string connectionString) =>
        StorageClients.FromConnectionString(connectionString, MonthPartitions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build()));

    /// <summary>Partitioned as a handler given <c>Storage__PartitionBuckets=<paramref name="buckets"/></c> (the partition benchmark's comparison).</summary>
    public static StorageClients Of(string connectionString, int buckets) =>
        StorageClients.FromConnectionString(connectionString, new MonthPartitions(buckets));
}
