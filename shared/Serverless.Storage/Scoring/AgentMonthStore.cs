using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// Running months in <c>AgentMonths</c>: partition = month and the agent's bucket (<c>2026-10-07</c>,
/// <see cref="MonthPartitions"/>; month close reads every bucket of the month, in parallel), row = agentId. Each
/// scored day is one JSON property <c>d01</c>…<c>d31</c> (about 2 KB; a property may hold 64 KB, a row 1 MB), so
/// writing a day touches only its own property; an empty property is a removed day. Beside the days the row keeps
/// the month's running daily points per dimension and in all, in cents (<c>WorkQualityCents</c>, <c>PointsCents</c>,
/// before the month's caps) and <c>ScoredDays</c>, adjusted by each day's difference; and <c>MonthFigures</c>, the
/// month as month close reads it (<see cref="MonthFiguresJson"/>: the monthly rules' sums, each day's schedule and
/// department, measure sums, imports), adjusted the same way under the same ETag. Month close selects the totals and
/// the figures and never ships the days (44 KB a row at a full month, against well under 2 KB).
/// </summary>
/// <remarks>
/// Every write is a merge under the row's ETag (or an insert that fails if the row appeared meanwhile): two
/// invocations scoring days of one agent at once both land, the loser re-reads and retries on 412/409 (scoring
/// re-scores its losers from fresh inputs, <see cref="PutDaysIfUnchangedAsync"/>); the same day scored twice leaves
/// it once, and the totals follow the days exactly.
/// </remarks>
public sealed class AgentMonthStore(StorageClients storage) : IAgentMonthStore
{
    private const int MaxAttempts = 20;
    private const string TotalSuffix = "Cents";
    private const string PointsTotal = "PointsCents";
    private const string DaysTotal = "ScoredDays";
    private const string FiguresProperty = "MonthFigures";
    private static readonly Dimension[] Dimensions = Enum.GetValues<Dimension>();

    private TableClient Table => storage.Tables.GetTableClient(Tables.AgentMonths);

    public Task PutDayAsync(string agentId, ScoredDay day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        return PutOneAsync(agentId, day.Metrics.Date, day, cancellationToken);
    }

    public Task RemoveDayAsync(string agentId, DateOnly date, CancellationToken cancellationToken) =>
        PutOneAsync(agentId, date, null, cancellationToken);

    public async Task<AgentMonthRecord?> GetAsync(string agentId, YearMonth month, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(month.ToString(), agentId), agentId, cancellationToken: cancellationToken);
        return found.HasValue ? ToRecord(found.Value!, month) : null;
    }

    public async Task<IReadOnlyList<AgentMonthRecord>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var records = new List<AgentMonthRecord>();
        foreach (var e in await ReadMonthAsync(month, null, cancellationToken))
        {
            records.Add(ToRecord(e, month));
        }
        return records;
    }

    /// <summary>
    /// Every agent's month as month close reads it: the totals and <c>MonthFigures</c> only (a <c>select</c>), never
    /// the days. A row written before the figures existed has none, and figures begun before the call-detail sums were
    /// kept lack those; either is read whole and summed instead.
    /// </summary>
    public async Task<IReadOnlyList<AgentMonthSummary>> GetMonthSummariesAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var summaries = new List<AgentMonthSummary>();
        var unsummed = new List<string>();
        string[] select = ["RowKey", FiguresProperty, .. Dimensions.Select(d => d + TotalSuffix)];
        foreach (var e in await ReadMonthAsync(month, select, cancellationToken))
        {
            // Figures with a day added before the help, handle, quality-score and repeat-call sums were kept lack them:
            // such a row is read whole and summed too, until every day of it has been written again.
            if (e.GetString(FiguresProperty) is not { } json || MonthFiguresJson.Read(json) is not { HasDetailSums: true } figures)
            {
                unsummed.Add(e.RowKey);
                continue;
            }
            summaries.Add(figures.ToSummary(e.RowKey, month, Dimensions.ToDictionary(d => d, d => e.GetInt64(d + TotalSuffix) ?? 0)));
        }
        foreach (var agentId in unsummed)
        {
            if (await GetAsync(agentId, month, cancellationToken) is { } record) summaries.Add(AgentMonthSummary.Of(record));
        }
        return summaries;
    }

    /// <summary>The month's running daily points of one agent per dimension, as kept on the row (null: never scored).</summary>
    public async Task<IReadOnlyDictionary<Dimension, decimal>?> GetTotalsAsync(string agentId, YearMonth month, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(month.ToString(), agentId), agentId, cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        return Dimensions.ToDictionary(d => d, d => (found.Value!.GetInt64(d + TotalSuffix) ?? 0) / 100m);
    }

    /// <summary>
    /// The agents' stored days, read with everything a write of the day needs (totals, figures, ETags), so that
    /// <see cref="PutDaysAsync(DateOnly, IReadOnlyList{KeyValuePair{string, ScoredDay}}, IReadOnlyDictionary{string, ScoredDay}, CancellationToken)"/>
    /// writes from these rows instead of querying the range again (on Azurite every query scans the table).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        var property = DayProperty(date);
        var rows = await ReadRangeAsync(date, agentIds, SelectFor(property), cancellationToken);
        var found = new StoredDays(date, new HashSet<string>(agentIds, StringComparer.Ordinal), rows);
        ReadDays(property, rows, found);
        return found;
    }

    /// <summary>The agents' stored days alone (the day's property, not the totals and figures a write needs).</summary>
    public async Task<IReadOnlyDictionary<string, ScoredDay>> GetDaysOnlyAsync(DateOnly date, IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentIds);
        var property = DayProperty(date);
        var found = new Dictionary<string, ScoredDay>(StringComparer.Ordinal);
        ReadDays(property, await ReadRangeAsync(date, agentIds, ["RowKey", property], cancellationToken), found);
        return found;
    }

    private static void ReadDays(string property, Dictionary<string, TableEntity> rows, Dictionary<string, ScoredDay> days)
    {
        foreach (var (agentId, entity) in rows)
        {
            if (entity.GetString(property) is { Length: > 0 } json) days[agentId] = ScoredDayJson.Read(json);
        }
    }

    public async Task PutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        var pending = days;
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            // The rows are read again on each attempt: the days are put as given, over whatever is stored by then.
            var lost = (await TryPutDaysAsync(date, pending, null, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            if (lost.Count > 0 && attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"{lost.Count} agents' months of {date:yyyy-MM} were written by other invocations on each of {MaxAttempts} attempts.");
            }
            pending = [.. pending.Where(d => lost.Contains(d.Key))];
        }
    }

    public Task<IReadOnlyList<string>> PutDaysIfUnchangedAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay> read, CancellationToken cancellationToken) =>
        TryPutDaysAsync(date, days, read, cancellationToken);

    /// <summary>Writes the days under the ETags of the rows <paramref name="read"/> saw (or of a fresh read) and returns the agents whose transaction lost a race.</summary>
    private async Task<IReadOnlyList<string>> TryPutDaysAsync(DateOnly date, IReadOnlyList<KeyValuePair<string, ScoredDay?>> days, IReadOnlyDictionary<string, ScoredDay>? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0) return [];
        var property = DayProperty(date);
        // Rows this store read for the same day and every one of these agents serve as they are (a row absent from
        // that read is inserted, which fails with 409 if it appeared since); otherwise the range is read now.
        var current = read is StoredDays stored && stored.Date == date && days.All(d => stored.Covered.Contains(d.Key))
            ? stored.Rows
            : await ReadRangeAsync(date, days.Select(d => d.Key).ToList(), SelectFor(property), cancellationToken);
        var writes = new List<(string AgentId, TableTransactionAction Action)>();
        foreach (var day in days)
        {
            var action = Change(Partition(Month(date), day.Key), property, day.Key, current.GetValueOrDefault(day.Key), day.Value);
            if (action is not null) writes.Add((day.Key, action));
        }
        // One transaction per 100 rows of one partition; a transaction that loses a race (412/409 on any row) fails
        // whole, and all its agents are reported: none of them was written.
        var lost = new System.Collections.Concurrent.ConcurrentBag<string>();
        var chunks = writes.GroupBy(w => w.Action.Entity.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TableBatches.MaxBatch));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(w => w.Action), ct);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                foreach (var (agentId, _) in chunk) lost.Add(agentId);
            }
        });
        return [.. lost];
    }

    private async Task PutOneAsync(string agentId, DateOnly date, ScoredDay? day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        var property = DayProperty(date);
        for (var attempt = 1; ; attempt++)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(Month(date), agentId), agentId, SelectFor(property), cancellationToken);
            var action = Change(Partition(Month(date), agentId), property, agentId, found.HasValue ? found.Value : null, day);
            if (action is null) return;
            try
            {
                if (action.ActionType == TableTransactionActionType.Add) await Table.AddEntityAsync(action.Entity, cancellationToken);
                else await Table.UpdateEntityAsync(action.Entity, action.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another invocation wrote this agent's month since the read: read again and re-apply this day.
            }
        }
    }

    /// <summary>The write that puts <paramref name="day"/> (or removes the day when null) into the row as read; null when nothing changes.</summary>
    private static TableTransactionAction? Change(string partition, string property, string agentId, TableEntity? current, ScoredDay? day)
    {
        var json = day is null ? "" : ScoredDayJson.Write(day);
        var before = current?.GetString(property) ?? "";
        if (before == json) return null;
        var entity = new TableEntity(partition, agentId) { ["AgentId"] = agentId, [property] = json };
        var previous = before.Length > 0 ? ScoredDayJson.Read(before) : null;
        var delta = CentsOf(day);
        var old = CentsOf(previous);
        for (var i = 0; i < Dimensions.Length; i++)
        {
            entity[Dimensions[i] + TotalSuffix] = (current?.GetInt64(Dimensions[i] + TotalSuffix) ?? 0) + delta[i] - old[i];
        }
        entity[PointsTotal] = (current?.GetInt64(PointsTotal) ?? 0) + delta.Sum() - old.Sum();
        entity[DaysTotal] = (current?.GetInt32(DaysTotal) ?? 0) + (day is null ? 0 : 1) - (before.Length > 0 ? 1 : 0);
        // A row written before the figures existed has days they never counted: it stays without them (month close
        // reads such a row whole) rather than carry figures that leave those days out.
        if (current is null || current.GetString(FiguresProperty) is not null)
        {
            var figures = MonthFiguresJson.Read(current?.GetString(FiguresProperty));
            if (previous is not null) figures.Apply(previous, -1);
            if (day is not null) figures.Apply(day, +1);
            entity[FiguresProperty] = figures.Write();
        }
        return current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateMerge, entity, current.ETag);
    }

    // Points carry 2 decimals, so cents add up exactly however many times a day is replaced.
    private static long[] CentsOf(ScoredDay? day)
    {
        var cents = new long[Dimensions.Length];
        if (day is null) return cents;
        foreach (var entry in day.Entries) cents[(int)entry.Dimension] += (long)(entry.Points * 100m);
        return cents;
    }

    // Score requests carry a day's agents in id order: a few runs of ids per bucket cover the batch.
    private async Task<Dictionary<string, TableEntity>> ReadRangeAsync(DateOnly date, IReadOnlyCollection<string> agentIds, IEnumerable<string> select, CancellationToken cancellationToken)
    {
        var month = Month(date);
        var columns = select.ToList();
        var perBucket = await Task.WhenAll(agentIds.GroupBy(a => Partition(month, a), StringComparer.Ordinal)
            .Select(g => TableRanges.ReadAsync(Table, g.Key, g, columns, cancellationToken)));
        if (perBucket.Length == 1) return perBucket[0];
        var all = new Dictionary<string, TableEntity>(perBucket.Sum(b => b.Count), StringComparer.Ordinal);
        foreach (var rows in perBucket)
        {
            foreach (var (key, entity) in rows) all[key] = entity;
        }
        return all;
    }

    /// <summary>Every row of the month, the buckets read side by side (bounded, <see cref="TablePartitions"/>), in agent id order (as one partition read them).</summary>
    private async Task<IEnumerable<TableEntity>> ReadMonthAsync(YearMonth month, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var perBucket = await TablePartitions.ReadAsync(Table, storage.Partitions.All(month.ToString()), select, cancellationToken);
        return perBucket.Length == 1 ? perBucket[0] : perBucket.SelectMany(r => r).OrderBy(e => e.RowKey, StringComparer.Ordinal);
    }

    private string Partition(string month, string agentId) => storage.Partitions.For(month, agentId);

    /// <summary>What <see cref="GetDaysAsync"/> returns: the days, and the rows they came from for the write that follows.</summary>
    private sealed class StoredDays(DateOnly date, HashSet<string> covered, Dictionary<string, TableEntity> rows) : Dictionary<string, ScoredDay>(StringComparer.Ordinal)
    {
        public DateOnly Date { get; } = date;

        public HashSet<string> Covered { get; } = covered;

        public Dictionary<string, TableEntity> Rows { get; } = rows;
    }

    private static string[] SelectFor(string property) => ["PartitionKey", "RowKey", property, PointsTotal, DaysTotal, .. Dimensions.Select(d => d + TotalSuffix), FiguresProperty];

    private static AgentMonthRecord ToRecord(TableEntity e, YearMonth month)
    {
        var days = new List<ScoredDay>();
        foreach (var date in month.Days())
        {
            if (e.GetString(DayProperty(date)) is { Length: > 0 } json) days.Add(ScoredDayJson.Read(json));
        }
        return new AgentMonthRecord(e.RowKey, month, days);
    }

    private static string DayProperty(DateOnly date) => "d" + date.Day.ToString("00", CultureInfo.InvariantCulture);

    private static string Month(DateOnly date) => YearMonth.Of(date).ToString();
}
