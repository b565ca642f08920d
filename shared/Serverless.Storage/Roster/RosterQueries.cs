using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// Paged roster reads over the <c>Roster</c> table that <see cref="RosterStore"/> writes (same partition and columns).
/// Kept apart from the store so list queries and roster writes evolve without touching each other.
/// </summary>
public sealed class RosterQueries(StorageClients storage) : IRosterQueries
{
    private const string Partition = "roster";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Roster);

    public async Task<RosterPage> ListAsync(RosterFilter filter, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = new StringBuilder($"PartitionKey eq '{Partition}'");
        Append(query, "Department", filter.Department);
        Append(query, "Specialty", filter.Specialty);
        Append(query, "Team", filter.Team);
        Append(query, "Status", filter.Status?.ToString());

        // The service returns at most pageSize entities per page whatever the filter, so a page is bounded.
        var pages = Table.QueryAsync<TableEntity>(query.ToString(), maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(Decode(continuation), pageSize);
        await foreach (var page in pages)
        {
            return new RosterPage(page.Values.Select(ToRecord).ToList(), Encode(page.ContinuationToken));
        }
        return new RosterPage([], null);
    }

    /// <summary>True when <paramref name="continuation"/> is a token this class handed out (base64url text).</summary>
    public static bool IsWellFormed(string continuation) => Base64Url.IsValid(continuation) && continuation.Length <= 2048;

    private static void Append(StringBuilder query, string column, string? value)
    {
        if (value is not null) query.Append(CultureInfo.InvariantCulture, $" and {column} eq '{TableBatches.Quote(value)}'");
    }

    // The table's own token is an opaque "partition row" pair; base64url keeps it safe in a query string.
    private static string? Encode(string? token) => token is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(token));

    private static string? Decode(string? token) => token is null ? null : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));

    private static RosterRecord ToRecord(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name") ?? "",
        e.GetString("Department") ?? "",
        e.GetString("Specialty") ?? "",
        e.GetString("Team") ?? "",
        e.GetString("HireDate") is { } hired ? DateOnly.ParseExact(hired, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        Enum.TryParse<RosterStatus>(e.GetString("Status"), out var status) ? status : RosterStatus.Active);
}
