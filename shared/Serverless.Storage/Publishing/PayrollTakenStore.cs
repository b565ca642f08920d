using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;

namespace Serverless.Storage;

/// <summary>Payroll's "taken" marks in <c>PayrollTaken</c>: partition = month, row = <c>v0001</c>…, added once and never replaced.</summary>
public sealed class PayrollTakenStore(StorageClients storage) : IPayrollTakenStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.PayrollTaken);

    public async Task<(PayrollTaken Mark, bool Added)> MarkAsync(PayrollTaken mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var entity = new TableEntity(mark.Month.ToString(), Row(mark.Version)) { ["Version"] = mark.Version, ["TakenBy"] = mark.TakenBy, ["TakenAt"] = mark.TakenAt };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return (mark, true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var first = await Table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            return (ToMark(first.Value), false);
        }
    }

    public async Task<IReadOnlyList<PayrollTaken>> ListAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var marks = new List<PayrollTaken>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken)) marks.Add(ToMark(e));
        return [.. marks.OrderBy(m => m.Version)];
    }

    private static string Row(int version) => "v" + version.ToString("D4", CultureInfo.InvariantCulture);

    private static PayrollTaken ToMark(TableEntity e) => new(
        YearMonth.TryParse(e.PartitionKey, out var month) ? month : throw new InvalidDataException($"PayrollTaken row with partition '{e.PartitionKey}' is not a month."),
        e.GetInt32("Version") ?? 0, e.GetString("TakenBy") ?? "", e.GetDateTimeOffset("TakenAt") ?? default);
}
