using System.Globalization;
using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// Agents' closed months in <c>Standings</c>: row = agentId, one property per closed month
/// (<c>M2026_10</c> = <c>"{version};{points};{stars}"</c>). Recording a month merges just that property, so a retried
/// close or a re-publication replaces its own month and two closes of different months never overwrite each other —
/// no read, no ETag, no lost update. 250 properties leave room for twenty years of months.
/// </summary>
/// <remarks>
/// Partition <c>agents-{bucket}</c>, the same bucket of the agent id as its month rows (<see cref="MonthPartitions"/>;
/// one bucket keeps the single partition <c>agents</c>): a close writes a row for every agent at once, 20,000 at a
/// national center, which in one partition take 10 s at Azure's 2,000 entities/s a partition. Reading all agents reads
/// every bucket in parallel, and the single partition <c>agents</c> too, where standings recorded before the buckets
/// were written (a row there counts for the months its bucket row does not hold), so changing from one bucket to many
/// loses no closed month.
/// </remarks>
public sealed class StandingStore(StorageClients storage) : IStandingStore
{
    private const string Partition = "agents";
    private const string Prefix = "M";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Standings);

    public async Task<IReadOnlyDictionary<string, AgentStanding>> GetAllAsync(CancellationToken cancellationToken)
    {
        var buckets = storage.Partitions.All(Partition);
        // The single partition first, so a bucket's row, written later, wins for a month both hold.
        var partitions = buckets.Count == 1 ? buckets : [Partition, .. buckets];
        var perPartition = await TablePartitions.ReadAsync(Table, partitions, select: null, cancellationToken);
        var all = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        foreach (var entity in perPartition.SelectMany(rows => rows))
        {
            var standing = ToStanding(entity);
            all[entity.RowKey] = all.TryGetValue(entity.RowKey, out var earlier) ? Merge(earlier, standing) : standing;
        }
        return all;
    }

    /// <summary>An agent's months from the single partition and its bucket: the bucket's month where both hold it.</summary>
    private static AgentStanding Merge(AgentStanding earlier, AgentStanding later)
    {
        var months = later.Months.ToDictionary(m => m.Month);
        foreach (var month in earlier.Months) months.TryAdd(month.Month, month);
        return new AgentStanding(later.AgentId, [.. months.Values.OrderBy(x => x.Month)]);
    }

    public async Task RecordMonthAsync(YearMonth month, int version, IReadOnlyList<ClosedMonthPoints> points, CancellationToken cancellationToken)
    {
        var property = PropertyOf(month);
        await TableBatches.SubmitAsync(Table, points.Select(p =>
        {
            if (p.Month != month || p.Version != version)
                throw new ArgumentException($"Points of {p.AgentId} are for {p.Month} v{p.Version}, not {month} v{version}.", nameof(points));
            return new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(storage.Partitions.For(Partition, p.AgentId), p.AgentId)
            {
                [property] = string.Create(CultureInfo.InvariantCulture, $"{p.Version};{p.Points};{p.Stars}"),
            });
        }), cancellationToken, parallelism: 8);
    }

    private static string PropertyOf(YearMonth month) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{month.Year:D4}_{month.Month:D2}");

    private static AgentStanding ToStanding(TableEntity entity)
    {
        var months = new List<ClosedMonthPoints>();
        foreach (var (key, value) in entity)
        {
            if (key.Length != 8 || !key.StartsWith(Prefix, StringComparison.Ordinal) || value is not string text) continue;
            if (!int.TryParse(key.AsSpan(1, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                || !int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m)) continue;
            var parts = text.Split(';');
            if (parts.Length != 3
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var points)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var stars))
            {
                throw new InvalidDataException($"Standings row {entity.RowKey} has {key}='{text}'; expected 'version;points;stars'.");
            }
            months.Add(new ClosedMonthPoints(entity.RowKey, new YearMonth(year, m), version, points, stars));
        }
        return new AgentStanding(entity.RowKey, [.. months.OrderBy(x => x.Month)]);
    }
}
