using Azure.Data.Tables;

namespace Serverless.EndToEnd.Tests;

/// <summary>Counting what the stack has written, for tests that wait until an import or a close has landed.</summary>
internal static class StackTables
{
    /// <summary>The table's rows (keys only read); 0 while the table does not exist yet.</summary>
    public static async Task<int> RowCountAsync(this TableClient table, CancellationToken cancellationToken = default)
    {
        var count = 0;
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken)) count++;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
        return count;
    }
}
