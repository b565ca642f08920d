using System.Globalization;
using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Storage;

/// <summary>
/// Agents' closed months in <c>Standings</c>: one partition, row = agentId, one property per closed month
/// (<c>M2026_10</c> = <c>"{version};{points};{stars}"</c>). Recording a month merges just that property, so a retried
/// close or a re-publication replaces its own month and two closes of different months never overwrite each other —
/// no read, no ETag, no lost update. 250 properties leave room for twenty years of months.
/// </summary>
public sealed class StandingStore(StorageClients storage) : IStandingStore
{
    private const string Partition = "agents";
    private const string Prefix = "M";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Standings);

    public async Task<IReadOnlyDictionary<string, AgentStanding>> GetAllAsync(CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken))
        {
            all[entity.RowKey] = ToStanding(entity);
        }
        return all;
    }

    public async Task RecordMonthAsync(YearMonth month, int version, IReadOnlyList<ClosedMonthPoints> points, CancellationToken cancellationToken)
    {
        var property = PropertyOf(month);
        await TableBatches.SubmitAsync(Table, points.Select(p =>
        {
            if (p.Month != month || p.Version != version)
                throw new ArgumentException($"Points of {p.AgentId} are for {p.Month} v{p.Version}, not {month} v{version}.", nameof(points));
            return new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(Partition, p.AgentId)
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
