using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>The roster in <c>Roster</c>: one partition, row = agentId; read by runs of ids (<see cref="TableRanges"/>).</summary>
public sealed class RosterStore(StorageClients storage) : IRosterStore
{
    private const string Partition = "roster";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Roster);

    public async Task UpsertAsync(IReadOnlyList<RosterRecord> records, CancellationToken cancellationToken) =>
        await TableBatches.SubmitAsync(Table, records.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))), cancellationToken);

    public async Task<IReadOnlyDictionary<string, RosterRecord>> GetAsync(IReadOnlyCollection<string> agentIds, CancellationToken cancellationToken)
    {
        var rows = await TableRanges.ReadAsync(Table, Partition, agentIds, select: null, cancellationToken);
        return rows.ToDictionary(r => r.Key, r => ToRecord(r.Value), StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<RosterRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<RosterRecord>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken))
        {
            all.Add(ToRecord(entity));
        }
        return all;
    }

    private static TableEntity ToEntity(RosterRecord r) => new(Partition, r.AgentId)
    {
        ["Name"] = r.Name,
        ["Department"] = r.Department,
        ["Specialty"] = r.Specialty,
        ["Team"] = r.Team,
        ["HireDate"] = r.HireDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Status"] = r.Status.ToString(),
    };

    private static RosterRecord ToRecord(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? "",
        e.GetString("Department") ?? "",
        e.GetString("Specialty") ?? "",
        e.GetString("Team") ?? "",
        e.GetString("HireDate") is { } hired ? DateOnly.ParseExact(hired, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
        Enum.TryParse<RosterStatus>(e.GetString("Status"), out var status) ? status : RosterStatus.Active);
}
