using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Storage;

/// <summary>
/// Agent-day metrics in <c>AgentDayMetrics</c>: partition = business day (a day's writes go out as 100-entity
/// transactions), row = kind|source|agentId, so each file's contribution is its own rows and what one kind and
/// source stored for a day is a single row-key range — a corrected file reads, rewrites and trims exactly that
/// range, even among 20,000 agents and several sources. Reading an agent's day combines its rows.
/// </summary>
/// <remarks>
/// Each kind and source that stored anything for the day also has a marker row (<c>!kind|source</c>, sorting
/// before every data row), so reading a batch of agents is one small range query per contribution, not a scan
/// of the day.
/// </remarks>
public sealed class MetricsStore(StorageClients storage) : IMetricsStore
{
    private const string MarkerPrefix = "!";

    private TableClient Table => storage.Tables.GetTableClient(Tables.Metrics);

    public async Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, ExportKind kind, string source, string importId, IReadOnlyList<AgentDayMetrics> metrics, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var contribution = MetricsEntity.Contribution(kind, source);
        var existing = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        var prefix = contribution + "|";
        var range = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";
        await foreach (var entity in Table.QueryAsync<TableEntity>(range, cancellationToken: cancellationToken))
        {
            var m = MetricsEntity.ToMetrics(entity, date);
            existing[m.AgentId] = m;
        }

        var actions = new List<TableTransactionAction>(metrics.Count + existing.Count + 1)
        {
            new(TableTransactionActionType.UpsertReplace, new TableEntity(day, MarkerPrefix + contribution)),
        };
        var changed = new List<string>();
        foreach (var m in metrics)
        {
            if (existing.Remove(m.AgentId, out var before) && before == m) continue;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, MetricsEntity.From(m, day, kind, source, importId)));
            changed.Add(m.AgentId);
        }
        foreach (var removed in existing.Keys)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(day, MetricsEntity.RowKey(removed, kind, source))));
            changed.Add(removed);
        }
        if (actions.Count == 1 && metrics.Count == 0) return [];
        await TableBatches.SubmitAsync(Table, actions, cancellationToken);
        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    public async Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        [.. (await GetWithImportsAsync(date, agentIds, cancellationToken)).Select(m => m.Metrics)];

    public async Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        (await GetScoringInputsAsync(date, agentIds, cancellationToken)).Agents;

    public async Task<IReadOnlySet<ExportKind>> GetKindsAsync(DateOnly date, CancellationToken cancellationToken) =>
        KindsOf(await ContributionsAsync(date, cancellationToken));

    public async Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        // One read of the markers serves both: which exports are in, and which ranges hold the agents' rows. (On
        // Azurite every query scans the whole table, so a query saved per score request is worth having.)
        var contributions = await ContributionsAsync(date, cancellationToken);
        var exportsIn = KindsOf(contributions);
        if (agentIds.Count == 0) return new(exportsIn, []);
        var day = Day(date);
        var wanted = new HashSet<string>(agentIds, StringComparer.Ordinal);
        var first = agentIds.Min(StringComparer.Ordinal)!;
        var last = agentIds.Max(StringComparer.Ordinal)!;
        // Score requests carry agents in id order: one range per contribution covers the batch, filtered here.
        var combined = new Dictionary<string, (AgentDayMetrics Metrics, SortedSet<string> Imports, Dictionary<ExportKind, IReadOnlyList<string>> ByKind)>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            var filter = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote($"{contribution}|{first}")}' and RowKey le '{TableBatches.Quote($"{contribution}|{last}")}'";
            await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                var m = MetricsEntity.ToMetrics(entity, date);
                if (!wanted.Contains(m.AgentId)) continue;
                var importId = entity.GetString("ImportId");
                if (!combined.TryGetValue(m.AgentId, out var sum))
                {
                    sum = (m, new SortedSet<string>(StringComparer.Ordinal), []);
                }
                else
                {
                    sum = (AgentDayMetrics.Combine(sum.Metrics, m), sum.Imports, sum.ByKind);
                }
                if (importId is not null)
                {
                    sum.Imports.Add(importId);
                    if (ExportKinds.TryParse(entity.GetString("Kind"), out var kind))
                    {
                        sum.ByKind[kind] = sum.ByKind.TryGetValue(kind, out var ids) ? [.. ids.Append(importId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] : [importId];
                    }
                }
                combined[m.AgentId] = sum;
            }
        }
        return new(exportsIn, [.. combined.Values.OrderBy(c => c.Metrics.AgentId, StringComparer.Ordinal).Select(c => new MetricsWithImports(c.Metrics, [.. c.Imports]) { ImportIdsByKind = c.ByKind })]);
    }

    /// <summary>The day's contributions (<c>kind|source</c>) from its marker rows.</summary>
    private async Task<List<string>> ContributionsAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var contributions = new List<string>();
        var markers = $"PartitionKey eq '{Day(date)}' and RowKey ge '{MarkerPrefix}' and RowKey lt '{TableBatches.PrefixEnd(MarkerPrefix)}'";
        await foreach (var marker in Table.QueryAsync<TableEntity>(markers, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            contributions.Add(marker.RowKey[MarkerPrefix.Length..]);
        }
        return contributions;
    }

    private static HashSet<ExportKind> KindsOf(List<string> contributions)
    {
        var kinds = new HashSet<ExportKind>();
        foreach (var contribution in contributions)
        {
            var bar = contribution.IndexOf('|', StringComparison.Ordinal);
            if (ExportKinds.TryParse(bar < 0 ? contribution : contribution[..bar], out var kind)) kinds.Add(kind);
        }
        return kinds;
    }

    public async Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        // Data rows start with a kind name (a lower-case letter); markers sort before them.
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Day(date)}' and RowKey ge 'a'", select: ["AgentId"], cancellationToken: cancellationToken))
        {
            ids.Add(entity.GetString("AgentId"));
        }
        return [.. ids];
    }

    public async Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var combined = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        // Data rows start with a kind name (a lower-case letter); markers sort before them.
        await CombineAsync(combined, date, $"PartitionKey eq '{Day(date)}' and RowKey ge 'a'", null, cancellationToken);
        return Sorted(combined);
    }

    /// <summary>
    /// The day's rows with the columns peer norms read (and <c>AgentId</c>), one range query per contribution from the
    /// markers: on Azurite each page of a query scans the table and sorts every match still to come, so a contribution
    /// at a time (a third of the day) sorts far less than the whole day would, and the narrow select ships a third of
    /// the bytes.
    /// </summary>
    public async Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var combined = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        foreach (var contribution in await ContributionsAsync(date, cancellationToken))
        {
            var prefix = contribution + "|";
            var range = $"PartitionKey eq '{day}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";
            await foreach (var entity in Table.QueryAsync<TableEntity>(range, select: NormColumns, cancellationToken: cancellationToken))
            {
                var m = MetricsEntity.ToMetrics(entity, date);
                combined[m.AgentId] = combined.TryGetValue(m.AgentId, out var sum) ? AgentDayMetrics.Combine(sum, m) : m;
            }
        }
        return Sorted(combined);
    }

    private static readonly string[] NormColumns = ["AgentId", "AnsweredCalls", "TalkSeconds", "HoldSeconds", "AfterCallWorkSeconds", "HasTimeRecord", "ScheduledSeconds"];

    private async Task CombineAsync(Dictionary<string, AgentDayMetrics> combined, DateOnly date, string filter, HashSet<string>? wanted, CancellationToken cancellationToken)
    {
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var m = MetricsEntity.ToMetrics(entity, date);
            if (wanted is not null && !wanted.Contains(m.AgentId)) continue;
            combined[m.AgentId] = combined.TryGetValue(m.AgentId, out var sum) ? AgentDayMetrics.Combine(sum, m) : m;
        }
    }

    private static List<AgentDayMetrics> Sorted(Dictionary<string, AgentDayMetrics> combined) =>
        [.. combined.Values.OrderBy(m => m.AgentId, StringComparer.Ordinal)];

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
