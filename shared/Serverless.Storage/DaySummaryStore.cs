using Azure.Data.Tables;
using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Storage;

/// <summary>Scored agent-days in <c>ScoredAgentDays</c>: partition = month (a month reads in one query), row = agentId|date.</summary>
public sealed class DaySummaryStore(StorageClients storage) : IDaySummaryStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.AgentDays);

    public async Task UpsertAsync(IReadOnlyList<DaySummary> days, CancellationToken cancellationToken) =>
        await TableBatches.SubmitAsync(Table, days.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Month(d.Date), Row(d.AgentId, d.Date))
        {
            ["AgentId"] = d.AgentId,
            ["Date"] = d.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["Department"] = d.Department,
            ["AnsweredCalls"] = d.AnsweredCalls,
            ["AverageHandleSeconds"] = d.AverageHandleSeconds,
        })), cancellationToken);

    public async Task DeleteAsync(DateOnly date, IReadOnlyList<string> agentIds, CancellationToken cancellationToken)
    {
        foreach (var agentId in agentIds)
        {
            await Table.DeleteEntityAsync(Month(date), Row(agentId, date), cancellationToken: cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DaySummary>> GetMonthAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var days = new List<DaySummary>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken))
        {
            days.Add(new DaySummary(
                e.GetString("AgentId"),
                DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                e.GetString("Department"),
                e.GetInt32("AnsweredCalls") ?? 0,
                e.GetDouble("AverageHandleSeconds")));
        }
        return days;
    }

    private static string Month(DateOnly date) => YearMonth.Of(date).ToString();

    private static string Row(string agentId, DateOnly date) => $"{agentId}|{date:yyyy-MM-dd}";
}
