using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// The points ledger in <c>Ledger</c>: partition = the month of the entry's period and the agent's bucket
/// (<c>2026-10-07</c>, <see cref="MonthPartitions"/>), row =
/// <c>{agentId}|{period}|{rule}</c> (<c>A0001|2026-10-03|efficiency</c>, <c>A0001|2026-10|satisfaction</c>), so
/// re-scoring an agent, period and rule overwrites its row.
/// </summary>
/// <remarks>
/// Why by month, not by agent: scoring writes one day of thousands of agents at a time, and a transaction holds one
/// partition. Partitioned by agent, every agent-day was its own four-entity transaction (20,000 round trips for a
/// national day, which kept scoring near 35 agent-days/s on Azurite); by month and bucket, a request's entries go out
/// as full 100-entity transactions per bucket, packed so that each agent's day stays whole within one (still replaced
/// atomically), and a national day is spread over the buckets instead of one partition's 2,000 entities/s. An agent's
/// month is one range query in one partition; a range of months is one query per month; a whole month (the monthly
/// keys) is one query per bucket, in parallel.
/// <para>Monthly entries (month close's) live in their own table, <c>MonthLedger</c>, with the same partition, row key
/// and columns: a close writes ~4 rows per agent into a table of one row per agent-month-rule instead of into a
/// month partition that already holds ~90 daily rows per agent. On Azure that is only tidier; on Azurite, whose table is
/// one in-memory collection with sorted indices, every insert costs in proportion to the whole table, and the daily
/// ledger made the close's writes five times slower.</para>
/// </remarks>
public sealed class LedgerStore(StorageClients storage) : ILedger
{
    // Transactions one call keeps in flight. A score request's entries (about 4 per agent) are tens of transactions; several requests
    // run at once beside each other (host.json maxConcurrentCalls), so a few each is enough to keep storage busy.
    private const int Parallelism = 4;

    private TableClient Table => storage.Tables.GetTableClient(Tables.Ledger);

    private TableClient MonthTable => storage.Tables.GetTableClient(Tables.MonthLedger);

    public async Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(importIds);
        var imports = string.Join(',', importIds);
        var daily = entries.Where(e => e.Period.Kind == LedgerPeriodKind.Day).Select(e => Upsert(e, imports)).ToList();
        var monthly = entries.Where(e => e.Period.Kind == LedgerPeriodKind.Month).Select(e => Upsert(e, imports)).ToList();
        if (daily.Count > 0) await TableBatches.SubmitAsync(Table, daily, cancellationToken, Parallelism);
        if (monthly.Count > 0) await TableBatches.SubmitAsync(MonthTable, monthly, cancellationToken, Parallelism);
    }

    public async Task UpsertAsync(IReadOnlyList<SourcedLedgerEntry> entries, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Each row carries its own imports, so rows of different imports share a transaction: a partition's rows fill
        // transactions of 100 whatever their imports (grouped by imports first, a month over 16 buckets would leave a
        // part-filled transaction per set of imports per bucket).
        var daily = entries.Where(e => e.Entry.Period.Kind == LedgerPeriodKind.Day).Select(e => Upsert(e.Entry, string.Join(',', e.ImportIds))).ToList();
        var monthly = entries.Where(e => e.Entry.Period.Kind == LedgerPeriodKind.Month).Select(e => Upsert(e.Entry, string.Join(',', e.ImportIds))).ToList();
        if (daily.Count > 0) await TableBatches.SubmitAsync(Table, daily, cancellationToken, parallelism);
        if (monthly.Count > 0) await TableBatches.SubmitAsync(MonthTable, monthly, cancellationToken, parallelism);
    }

    public Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken) =>
        ReplaceDaysAsync(date, [new LedgerDay(agentId, entries, importIds, previousRules)], cancellationToken);

    public async Task ReplaceDaysAsync(DateOnly date, IReadOnlyList<LedgerDay> days, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(days);
        var period = LedgerPeriod.Day(date);
        var batches = new List<List<DayWrite>>();
        // A transaction holds one partition: the days are packed per bucket, in the order given.
        foreach (var bucket in days.GroupBy(d => PartitionKey(period, d.AgentId), StringComparer.Ordinal))
        {
            var current = new List<DayWrite>();
            var size = 0;
            foreach (var day in bucket)
            {
                var write = DayWrite.Of(day, period, this);
                if (write.Count == 0) continue;
                if (size + write.Count > TableBatches.MaxBatch && current.Count > 0)
                {
                    batches.Add(current);
                    current = [];
                    size = 0;
                }
                current.Add(write);
                size += write.Count;
            }
            if (current.Count > 0) batches.Add(current);
        }
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (batch, ct) => await ReplaceBatchAsync(batch, ct));
    }

    private async Task ReplaceBatchAsync(List<DayWrite> batch, CancellationToken cancellationToken)
    {
        try
        {
            // At most 100 actions of one partition: one transaction (TableBatches only splits a lone oversized agent-day).
            await TableBatches.SubmitAsync(Table, batch.SelectMany(w => w.Upserts.Concat(w.Deletes)), cancellationToken, parallelism: 1);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // A stale row was already gone (an earlier attempt of this re-score got that far): one transaction fails
            // whole, so write the entries alone and delete what is left one by one.
            await TableBatches.SubmitAsync(Table, batch.SelectMany(w => w.Upserts), cancellationToken, parallelism: 1);
            foreach (var delete in batch.SelectMany(w => w.Deletes))
            {
                try { await Table.DeleteEntityAsync(delete.Entity.PartitionKey, delete.Entity.RowKey, ETag.All, cancellationToken); }
                catch (RequestFailedException gone) when (gone.Status == 404) { }
            }
        }
    }

    public async Task<IReadOnlyList<LedgerKey>> GetMonthlyKeysAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var perBucket = await TablePartitions.ReadAsync(MonthTable, storage.Partitions.All(month.ToString()), ["AgentId", "Rule"], cancellationToken);
        return [.. perBucket.SelectMany(rows => rows).Select(row => new LedgerKey(row.GetString("AgentId"), row.GetString("Rule"))).ToHashSet()];
    }

    public async Task RemoveMonthlyAsync(YearMonth month, IReadOnlyList<LedgerKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var period = LedgerPeriod.OfMonth(month);
        var deletes = keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartitionKey(period, k.AgentId), RowKey(k.AgentId, period.Key, k.Rule)), ETag.All));
        try
        {
            await TableBatches.SubmitAsync(MonthTable, deletes, cancellationToken, Parallelism);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Some row is gone already (a retry after a partial removal): a batch fails whole on one missing row, so
            // remove one at a time.
            foreach (var k in keys)
            {
                try { await MonthTable.DeleteEntityAsync(PartitionKey(period, k.AgentId), RowKey(k.AgentId, period.Key, k.Rule), ETag.All, cancellationToken); }
                catch (RequestFailedException gone) when (gone.Status == 404) { }
            }
        }
    }

    public async Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        var months = new List<YearMonth>();
        for (var month = YearMonth.Of(from); month.CompareTo(YearMonth.Of(to)) <= 0; month = YearMonth.Of(month.FirstDay.AddMonths(1))) months.Add(month);
        var perMonth = await Task.WhenAll(months.SelectMany(m => new[] { ReadMonthAsync(Table, agentId, m, cancellationToken), ReadMonthAsync(MonthTable, agentId, m, cancellationToken) }));
        // Daily entries are in Ledger, monthly ones in MonthLedger: each key is in one of them.
        var byKey = new Dictionary<(string Period, string Rule), StoredLedgerEntry>();
        foreach (var stored in perMonth.SelectMany(m => m)) byKey[(stored.Entry.Period.Key, stored.Entry.Rule)] = stored;
        return byKey.Values
            .Where(s => s.Entry.Period.Start >= from && s.Entry.Period.Start <= to)
            .OrderBy(s => s.Entry.Period)
            .ThenBy(s => s.Entry.Rule, StringComparer.Ordinal)
            .ToList();
    }

    private async Task<List<StoredLedgerEntry>> ReadMonthAsync(TableClient table, string agentId, YearMonth month, CancellationToken cancellationToken)
    {
        var prefix = agentId + "|";
        var filter = $"PartitionKey eq '{TableBatches.Quote(storage.Partitions.For(month.ToString(), agentId))}' and RowKey ge '{TableBatches.Quote(prefix)}' and RowKey lt '{TableBatches.Quote(TableBatches.PrefixEnd(prefix))}'";
        var found = new List<StoredLedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(ToStored(e));
        }
        return found;
    }

    /// <summary>The partition of <paramref name="agentId"/>'s entries of <paramref name="period"/>'s month.</summary>
    public string PartitionKey(LedgerPeriod period, string agentId) => storage.Partitions.For(period.Month.ToString(), agentId);

    public static string RowKey(string agentId, string periodKey, string rule) => $"{agentId}|{periodKey}|{rule}";

    private TableTransactionAction Upsert(LedgerEntry e, string imports) => new(TableTransactionActionType.UpsertReplace, ToEntity(e, imports));

    // Scoring writes every property of a row, with "" standing for an absent reason or measure, so a merge leaves
    // nothing of the row it overwrites: the same result as a replace. Azurite turns a replace into a remove and an
    // insert, and a remove costs time proportional to the table (LokiJS shifts every later position in both key
    // indices); a merge updates the row in place, about six times cheaper on an 80,000-row ledger.
    private TableTransactionAction UpsertWhole(LedgerEntry e, string imports)
    {
        var entity = ToEntity(e, imports);
        entity["Reason"] = e.Reason ?? "";
        entity["Measure"] = e.Measure is { } measure ? measure : "";
        return new(TableTransactionActionType.UpsertMerge, entity);
    }

    private TableEntity ToEntity(LedgerEntry e, string imports) => new(PartitionKey(e.Period, e.AgentId), RowKey(e.AgentId, e.Period.Key, e.Rule))
    {
        ["AgentId"] = e.AgentId,
        ["Period"] = e.Period.Key,
        ["Rule"] = e.Rule,
        ["Dimension"] = e.Dimension.ToString(),
        // Points carry 2 decimals: kept as text so they read back as the exact decimal that was scored.
        ["Points"] = e.Points.ToString(CultureInfo.InvariantCulture),
        ["Inputs"] = e.Inputs,
        ["RulesVersion"] = e.RulesVersion,
        ["Department"] = e.Department,
        ["Reason"] = e.Reason,
        ["Measure"] = e.Measure,
        ["ImportIds"] = imports,
    };

    private static StoredLedgerEntry ToStored(TableEntity e)
    {
        if (!LedgerPeriod.TryParse(e.GetString("Period"), out var period))
        {
            throw new InvalidDataException($"Ledger row {e.PartitionKey}/{e.RowKey} has no readable period.");
        }
        var entry = new LedgerEntry
        {
            AgentId = e.GetString("AgentId") ?? throw new InvalidDataException($"Ledger row {e.PartitionKey}/{e.RowKey} has no agent."),
            Period = period,
            Rule = e.GetString("Rule") ?? "",
            Dimension = Enum.Parse<Dimension>(e.GetString("Dimension") ?? nameof(Dimension.Other)),
            Points = decimal.Parse(e.GetString("Points") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
            Inputs = e.GetString("Inputs") ?? "",
            RulesVersion = e.GetString("RulesVersion") ?? "",
            Department = e.GetString("Department") ?? "",
            Reason = e.GetString("Reason") is { Length: > 0 } reason ? reason : null,
            Measure = e.TryGetValue("Measure", out var measure) && measure is double value ? value : null,
        };
        var imports = e.GetString("ImportIds");
        return new StoredLedgerEntry(entry, string.IsNullOrEmpty(imports) ? [] : imports.Split(','));
    }

    /// <summary>One agent's day as table actions: its entries' upserts (each naming its own imports) and the deletes of rules it is no longer scored under.</summary>
    private sealed record DayWrite(IReadOnlyList<TableTransactionAction> Upserts, IReadOnlyList<TableTransactionAction> Deletes)
    {
        public int Count => Upserts.Count + Deletes.Count;

        public static DayWrite Of(LedgerDay day, LedgerPeriod period, LedgerStore store)
        {
            var kept = day.Entries.Select(e => e.Rule).ToHashSet(StringComparer.Ordinal);
            var deletes = day.PreviousRules.Where(r => !kept.Contains(r)).Distinct(StringComparer.Ordinal)
                .Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(store.PartitionKey(period, day.AgentId), RowKey(day.AgentId, period.Key, r)), ETag.All))
                .ToList();
            return new DayWrite([.. day.Entries.Select(e => store.UpsertWhole(e, string.Join(',', day.ImportIdsOf(e))))], deletes);
        }
    }
}
