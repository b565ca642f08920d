using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// Agent-day metrics in <c>AgentDayMetrics</c>, partition = business day. What one kind and source contribute to a
/// day (a contribution) is a marker row <c>!kind|source</c> and up to <see cref="MetricsBucket.Count"/> bucket rows
/// <c>$kind|source|bb</c>, each holding the contribution's agents whose id hashes to bucket <c>bb</c>
/// (<see cref="MetricsBucket"/>). A corrected file rewrites only the buckets whose agents changed, and an agent whose
/// metrics did not change keeps the import it came from.
/// </summary>
/// <remarks>
/// <para>Why buckets, not a row per agent: a national day is 60,000 agent-rows (20,000 agents × calls, agent-time
/// and quality), and every score request needs its agents' rows of every contribution. As buckets they are ~200 rows:
/// a file's contribution is one or a few transactions instead of 600, and a score request reads the whole day in one
/// page and keeps its agents. Table Storage bills and throttles per entity; Azurite, the local store, also scans the
/// whole table and sorts every remaining match on every page of a query, so there row counts are most of the cost.</para>
/// </remarks>
public sealed class MetricsStore(StorageClients storage) : IMetricsStore
{
    internal const string MarkerPrefix = "!";
    internal const string BucketPrefix = "$";
    // A transaction's body may be 4 MiB; bucket rows are counted by their text, with room for the envelope.
    private const long MaxTransactionBytes = 2_000_000;

    private TableClient Table => storage.Tables.GetTableClient(Tables.Metrics);

    /// <summary>The row key of the bucket row that holds an agent's metrics from one kind and source.</summary>
    public static string RowKeyOf(ExportKind kind, string source, string agentId) =>
        MetricsBucket.RowKey(Contribution(kind, source), MetricsBucket.Of(agentId));

    public async Task<IReadOnlyList<string>> ReplaceAsync(DateOnly date, ExportKind kind, string source, string importId, IReadOnlyList<AgentDayMetrics> metrics, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var contribution = Contribution(kind, source);
        var stored = await ReadContributionAsync(date, contribution, cancellationToken);
        var existing = stored.Agents;
        if (metrics.Count == 0 && existing.Count == 0) return [];

        var buckets = new Dictionary<int, List<StoredAgentMetrics>>();
        var touched = new SortedSet<int>();
        var changed = new List<string>();
        foreach (var m in metrics.DistinctBy(m => m.AgentId, StringComparer.Ordinal))
        {
            var bucket = MetricsBucket.Of(m.AgentId);
            var unchanged = existing.Remove(m.AgentId, out var before) && before.Metrics == m;
            if (!buckets.TryGetValue(bucket, out var agents)) buckets[bucket] = agents = [];
            agents.Add(unchanged ? before : new StoredAgentMetrics(m, importId));
            if (unchanged) continue;
            changed.Add(m.AgentId);
            touched.Add(bucket);
        }
        foreach (var removed in existing.Keys)
        {
            changed.Add(removed);
            touched.Add(MetricsBucket.Of(removed));
        }

        var marker = new TableEntity(day, MarkerPrefix + contribution);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertReplace, marker) };
        foreach (var bucket in touched)
        {
            var rowKey = MetricsBucket.RowKey(contribution, bucket);
            if (buckets.TryGetValue(bucket, out var agents))
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, MetricsBucket.ToEntity(day, rowKey, kind, source, agents)));
            }
            else if (stored.Buckets.Contains(bucket))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(day, rowKey), ETag.All));
            }
        }
        foreach (var transaction in Transactions(actions))
        {
            await Table.SubmitTransactionAsync(transaction, cancellationToken);
        }
        changed.Sort(StringComparer.Ordinal);
        return changed;
    }

    public async Task<IReadOnlyList<AgentDayMetrics>> GetAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        [.. (await GetWithImportsAsync(date, agentIds, cancellationToken)).Select(m => m.Metrics)];

    public async Task<IReadOnlyList<MetricsWithImports>> GetWithImportsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken) =>
        (await GetScoringInputsAsync(date, agentIds, cancellationToken)).Agents;

    public async Task<IReadOnlySet<ExportKind>> GetKindsAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var markers = $"PartitionKey eq '{Day(date)}' and RowKey ge '{MarkerPrefix}' and RowKey lt '{TableBatches.PrefixEnd(MarkerPrefix)}'";
        var contributions = new List<string>();
        await foreach (var marker in Table.QueryAsync<TableEntity>(markers, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            contributions.Add(marker.RowKey[MarkerPrefix.Length..]);
        }
        return KindsOf(contributions);
    }

    public async Task<ScoringInputs> GetScoringInputsAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        var day = await ReadDayAsync(date, cancellationToken);
        var exportsIn = KindsOf(day.Contributions);
        if (agentIds.Count == 0) return new(exportsIn, []);
        var wanted = new HashSet<string>(agentIds, StringComparer.Ordinal);
        var combined = new Dictionary<string, (AgentDayMetrics Metrics, SortedSet<string> Imports, Dictionary<ExportKind, IReadOnlyList<string>> ByKind)>(StringComparer.Ordinal);
        foreach (var (kind, stored) in Agents(date, day, wanted))
        {
            var m = stored.Metrics;
            (AgentDayMetrics Metrics, SortedSet<string> Imports, Dictionary<ExportKind, IReadOnlyList<string>> ByKind) sum = combined.TryGetValue(m.AgentId, out var earlier)
                ? (AgentDayMetrics.Combine(earlier.Metrics, m), earlier.Imports, earlier.ByKind)
                : (m, new SortedSet<string>(StringComparer.Ordinal), []);
            sum.Imports.Add(stored.ImportId);
            if (kind is { } k)
            {
                sum.ByKind[k] = sum.ByKind.TryGetValue(k, out var ids) ? [.. ids.Append(stored.ImportId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] : [stored.ImportId];
            }
            combined[m.AgentId] = sum;
        }
        return new(exportsIn, [.. combined.Values.OrderBy(c => c.Metrics.AgentId, StringComparer.Ordinal).Select(c => new MetricsWithImports(c.Metrics, [.. c.Imports]) { ImportIdsByKind = c.ByKind })]);
    }

    public async Task<IReadOnlyList<string>> GetAgentIdsAsync(DateOnly date, CancellationToken cancellationToken) =>
        [.. (await GetDayAsync(date, cancellationToken)).Select(m => m.AgentId)];

    public async Task<IReadOnlyList<AgentDayMetrics>> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var day = await ReadDayAsync(date, cancellationToken);
        var combined = new Dictionary<string, AgentDayMetrics>(StringComparer.Ordinal);
        foreach (var (_, stored) in Agents(date, day, null))
        {
            var m = stored.Metrics;
            combined[m.AgentId] = combined.TryGetValue(m.AgentId, out var sum) ? AgentDayMetrics.Combine(sum, m) : m;
        }
        return [.. combined.Values.OrderBy(m => m.AgentId, StringComparer.Ordinal)];
    }

    /// <summary>The whole day is a page of bucket rows, so the norms read it as it is.</summary>
    public Task<IReadOnlyList<AgentDayMetrics>> GetNormInputsAsync(DateOnly date, CancellationToken cancellationToken) => GetDayAsync(date, cancellationToken);

    /// <summary>The day's markers and bucket rows, in one query (both sort before <c>a</c>).</summary>
    private async Task<StoredDay> ReadDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var contributions = new List<string>();
        var buckets = new List<TableEntity>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Day(date)}' and RowKey lt 'a'", cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith(MarkerPrefix, StringComparison.Ordinal))
            {
                contributions.Add(e.RowKey[MarkerPrefix.Length..]);
            }
            else if (e.RowKey.StartsWith(BucketPrefix, StringComparison.Ordinal))
            {
                buckets.Add(e);
            }
        }
        return new StoredDay(contributions, buckets);
    }

    /// <summary>Every stored agent of the day (or the <paramref name="wanted"/> ones), with the kind of export it came from.</summary>
    private static IEnumerable<(ExportKind? Kind, StoredAgentMetrics Agent)> Agents(DateOnly date, StoredDay day, HashSet<string>? wanted)
    {
        Func<string, bool>? filter = wanted is null ? null : wanted.Contains;
        foreach (var bucket in day.Buckets)
        {
            var kind = KindOf(bucket);
            foreach (var agent in MetricsBucket.Read(bucket, date, filter)) yield return (kind, agent);
        }
    }

    /// <summary>What one contribution stored: its agents and which buckets exist.</summary>
    private async Task<StoredContribution> ReadContributionAsync(DateOnly date, string contribution, CancellationToken cancellationToken)
    {
        var agents = new Dictionary<string, StoredAgentMetrics>(StringComparer.Ordinal);
        var buckets = new HashSet<int>();
        var prefix = BucketPrefix + contribution + "|";
        await foreach (var e in Table.QueryAsync<TableEntity>(Range(date, prefix), cancellationToken: cancellationToken))
        {
            buckets.Add(Convert.ToInt32(e.RowKey[prefix.Length..], 16));
            foreach (var agent in MetricsBucket.Read(e, date)) agents[agent.Metrics.AgentId] = agent;
        }
        return new StoredContribution(agents, buckets);
    }

    /// <summary>Transactions of at most 100 actions and <see cref="MaxTransactionBytes"/> of bucket text.</summary>
    private static IEnumerable<List<TableTransactionAction>> Transactions(IEnumerable<TableTransactionAction> actions)
    {
        var batch = new List<TableTransactionAction>();
        long bytes = 0;
        foreach (var action in actions)
        {
            var size = SizeOf(action.Entity);
            if (batch.Count == TableBatches.MaxBatch || (batch.Count > 0 && bytes + size > MaxTransactionBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }
            batch.Add(action);
            bytes += size;
        }
        if (batch.Count > 0) yield return batch;
    }

    private static long SizeOf(ITableEntity entity)
    {
        long bytes = 1_000;
        if (entity is TableEntity properties)
        {
            foreach (var (_, value) in properties) bytes += value is string text ? System.Text.Encoding.UTF8.GetByteCount(text) : 16;
        }
        return bytes;
    }

    private static string Range(DateOnly date, string prefix) =>
        $"PartitionKey eq '{Day(date)}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";

    private static ExportKind? KindOf(TableEntity e) => ExportKinds.TryParse(e.GetString("Kind"), out var kind) ? kind : null;

    private static HashSet<ExportKind> KindsOf(IEnumerable<string> contributions)
    {
        var kinds = new HashSet<ExportKind>();
        foreach (var contribution in contributions)
        {
            var bar = contribution.IndexOf('|', StringComparison.Ordinal);
            if (ExportKinds.TryParse(bar < 0 ? contribution : contribution[..bar], out var kind)) kinds.Add(kind);
        }
        return kinds;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record StoredDay(IReadOnlyList<string> Contributions, IReadOnlyList<TableEntity> Buckets);

    private sealed record StoredContribution(Dictionary<string, StoredAgentMetrics> Agents, HashSet<int> Buckets);

    /// <summary>What one kind and source contribute to a day: the row-key part of their marker and buckets.</summary>
    private static string Contribution(ExportKind kind, string source) => $"{kind.ToPathName()}|{source}";
}
