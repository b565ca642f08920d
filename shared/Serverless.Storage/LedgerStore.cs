using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// The points ledger in <c>Ledger</c>: partition = agentId (an agent's history is one partition, and one agent's
/// writes are one transaction), row = <c>{period}|{rule}</c> (<c>2026-10-03|efficiency</c>, <c>2026-10|satisfaction</c>),
/// so re-scoring an agent, period and rule overwrites its row.
/// </summary>
public sealed class LedgerStore(StorageClients storage) : ILedger
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Ledger);

    public async Task UpsertAsync(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(importIds);
        var imports = string.Join(',', importIds);
        await TableBatches.SubmitAsync(Table, entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e, imports))), cancellationToken);
    }

    public async Task ReplaceDayAsync(string agentId, DateOnly date, IReadOnlyList<LedgerEntry> entries, IReadOnlyList<string> importIds, IReadOnlyCollection<string> previousRules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(previousRules);
        var period = LedgerPeriod.Day(date).Key;
        var imports = string.Join(',', importIds);
        var upserts = entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e, imports))).ToList();
        var kept = entries.Select(e => e.Rule).ToHashSet(StringComparer.Ordinal);
        var stale = previousRules.Where(r => !kept.Contains(r)).Distinct(StringComparer.Ordinal).Select(r => RowKey(period, r)).ToList();
        try
        {
            await TableBatches.SubmitAsync(Table, upserts.Concat(stale.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(agentId, key), ETag.All))), cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // A stale row was already gone (an earlier attempt of this re-score got that far): one transaction fails
            // whole, so write the entries alone and delete what is left one by one.
            await TableBatches.SubmitAsync(Table, upserts, cancellationToken);
            foreach (var key in stale)
            {
                try { await Table.DeleteEntityAsync(agentId, key, ETag.All, cancellationToken); }
                catch (RequestFailedException gone) when (gone.Status == 404) { }
            }
        }
    }

    public async Task<IReadOnlyList<StoredLedgerEntry>> GetAsync(string agentId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        // Month rows ("2026-10|…") sort after that month's day rows ("2026-10-31|…"), so the range is whole months, trimmed here.
        var first = from.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var last = TableBatches.PrefixEnd(to.ToString("yyyy-MM", CultureInfo.InvariantCulture) + "|");
        var filter = $"PartitionKey eq '{TableBatches.Quote(agentId)}' and RowKey ge '{first}' and RowKey lt '{last}'";
        var found = new List<StoredLedgerEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var stored = ToStored(e);
            if (stored.Entry.Period.Start >= from && stored.Entry.Period.Start <= to) found.Add(stored);
        }
        return found.OrderBy(s => s.Entry.Period).ThenBy(s => s.Entry.Rule, StringComparer.Ordinal).ToList();
    }

    public static string RowKey(string periodKey, string rule) => $"{periodKey}|{rule}";

    private static TableEntity ToEntity(LedgerEntry e, string imports) => new(e.AgentId, RowKey(e.Period.Key, e.Rule))
    {
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
            AgentId = e.PartitionKey,
            Period = period,
            Rule = e.GetString("Rule") ?? "",
            Dimension = Enum.Parse<Dimension>(e.GetString("Dimension") ?? nameof(Dimension.Other)),
            Points = decimal.Parse(e.GetString("Points") ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture),
            Inputs = e.GetString("Inputs") ?? "",
            RulesVersion = e.GetString("RulesVersion") ?? "",
            Department = e.GetString("Department") ?? "",
            Reason = e.GetString("Reason"),
            Measure = e.GetDouble("Measure"),
        };
        var imports = e.GetString("ImportIds");
        return new StoredLedgerEntry(entry, string.IsNullOrEmpty(imports) ? [] : imports.Split(','));
    }
}
