using Azure.Data.Tables;
using Serverless.Domain.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// Each day's peer norms in <c>PeerNorms</c>: partition = business day, one row per norm (<c>group|dept|specialty</c>,
/// <c>department|dept</c>, <c>center</c>, parts URI-escaped) plus a <c>~computed</c> row that tells "no peers that day"
/// from "never computed". The medians are stored as doubles, which round-trip exactly.
/// </summary>
public sealed class PeerNormStore(StorageClients storage) : IPeerNormStore
{
    private const string ComputedRow = "~computed";
    private TableClient Table => storage.Tables.GetTableClient(Tables.PeerNorms);

    public async Task<IReadOnlyList<PeerNorm>?> GetAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var (computed, norms) = await ReadAsync(Day(date), cancellationToken);
        return computed ? Order(norms.Values) : null;
    }

    public async Task<bool> ReplaceAsync(DateOnly date, IReadOnlyList<PeerNorm> norms, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var (computed, existing) = await ReadAsync(day, cancellationToken);
        var actions = new List<TableTransactionAction>();
        foreach (var norm in norms)
        {
            var key = RowKey(norm);
            if (existing.Remove(key, out var before) && before == norm) continue;
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(day, key, norm)));
        }
        actions.AddRange(existing.Keys.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(day, key), Azure.ETag.All)));
        if (actions.Count == 0 && computed) return false;
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(day, ComputedRow) { ["Norms"] = norms.Count }));
        await TableBatches.SubmitAsync(Table, actions, cancellationToken);
        return true;
    }

    private async Task<(bool Computed, Dictionary<string, PeerNorm> Norms)> ReadAsync(string day, CancellationToken cancellationToken)
    {
        var computed = false;
        var norms = new Dictionary<string, PeerNorm>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{day}'", cancellationToken: cancellationToken))
        {
            if (e.RowKey == ComputedRow)
            {
                computed = true;
                continue;
            }
            norms[e.RowKey] = new PeerNorm(
                Enum.Parse<PeerScope>(e.GetString("Scope")),
                e.GetString("Department") ?? "",
                e.GetString("Specialty") ?? "",
                e.GetInt32("Agents") ?? 0,
                e.GetDouble("MedianHandleSeconds") ?? 0,
                e.GetDouble("MedianCallsPerHour") ?? 0);
        }
        return (computed, norms);
    }

    private static TableEntity ToEntity(string day, string key, PeerNorm norm) => new(day, key)
    {
        ["Scope"] = norm.Scope.ToString(),
        ["Department"] = norm.Department,
        ["Specialty"] = norm.Specialty,
        ["Agents"] = norm.Agents,
        ["MedianHandleSeconds"] = norm.MedianHandleSeconds,
        ["MedianCallsPerHour"] = norm.MedianCallsPerHour,
    };

    // Department and specialty names come from the roster: escaped, so '/', '\', '#' or '?' cannot break a key.
    private static string RowKey(PeerNorm norm) => norm.Scope switch
    {
        PeerScope.Group => $"group|{Uri.EscapeDataString(norm.Department)}|{Uri.EscapeDataString(norm.Specialty)}",
        PeerScope.Department => $"department|{Uri.EscapeDataString(norm.Department)}",
        _ => "center",
    };

    private static IReadOnlyList<PeerNorm> Order(IEnumerable<PeerNorm> norms) => norms
        .OrderBy(n => n.Scope)
        .ThenBy(n => n.Department, StringComparer.Ordinal)
        .ThenBy(n => n.Specialty, StringComparer.Ordinal)
        .ToList();

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
