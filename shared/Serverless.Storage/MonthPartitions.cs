using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Serverless.Storage;

/// <summary>
/// Partition keys of the month-keyed tables that hold a row per agent (<c>Ledger</c>, <c>MonthLedger</c>,
/// <c>AgentMonths</c>): <c>{month}-{bucket:00}</c>, the bucket a stable hash of the agent id modulo
/// <see cref="Buckets"/> (setting <c>Storage:PartitionBuckets</c>, default <see cref="DefaultBuckets"/>; 1 keeps the
/// single partition <c>{month}</c>). <c>Standings</c>, a row per agent with no month, uses the same buckets under the
/// constant <c>agents</c> (<c>agents-{bucket:00}</c>).
/// </summary>
/// <remarks>
/// Azure Table storage serves about 2,000 entities/s per partition and 20,000/s per account. A national day (20,000
/// agents, ~4 ledger rows each) in one month partition is ~80,000 entities, 40 s at the partition target; spread over
/// 16 buckets the busiest partition holds ~1/16 of it, so the account target, not a partition, bounds the day. An
/// agent's rows all stay in one bucket (its range queries and its day's transaction stay in one partition); a month
/// is read as every bucket, in parallel. The hash is FNV-1a over the id's UTF-16 code units, written here because
/// <c>string.GetHashCode</c> is randomised per process and the bucket must be the same in every process and release.
/// Changing the bucket count moves rows to other partitions: months scored before the change must be re-scored.
/// </remarks>
public sealed class MonthPartitions
{
    public const int DefaultBuckets = 16;
    public const int MaxBuckets = 100;

    public MonthPartitions(int buckets = DefaultBuckets)
    {
        if (buckets is < 1 or > MaxBuckets)
        {
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, $"Storage:PartitionBuckets must be between 1 and {MaxBuckets}.");
        }
        Buckets = buckets;
    }

    public int Buckets { get; }

    public static MonthPartitions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration["Storage:PartitionBuckets"];
        if (string.IsNullOrWhiteSpace(value)) return new MonthPartitions();
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var buckets))
        {
            throw new InvalidOperationException($"Storage:PartitionBuckets must be a whole number between 1 and {MaxBuckets}, not '{value}'.");
        }
        return new MonthPartitions(buckets);
    }

    /// <summary>The partition of <paramref name="agentId"/>'s rows of <paramref name="month"/> (<c>2026-10</c>).</summary>
    public string For(string month, string agentId)
    {
        ArgumentNullException.ThrowIfNull(month);
        ArgumentNullException.ThrowIfNull(agentId);
        return Buckets == 1 ? month : Key(month, Bucket(agentId));
    }

    /// <summary>Every partition of <paramref name="month"/>, in bucket order.</summary>
    public IReadOnlyList<string> All(string month)
    {
        ArgumentNullException.ThrowIfNull(month);
        return Buckets == 1 ? [month] : [.. Enumerable.Range(0, Buckets).Select(b => Key(month, b))];
    }

    private static string Key(string month, int bucket) => month + "-" + bucket.ToString("00", CultureInfo.InvariantCulture);

    private int Bucket(string agentId)
    {
        var hash = 2166136261u;
        foreach (var c in agentId)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)Buckets);
    }
}
