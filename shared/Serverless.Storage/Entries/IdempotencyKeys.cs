using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>Keys in <c>IdempotencyKeys</c>: partition = scope, row = key, added (never replaced) so two racing claims cannot both win.</summary>
public sealed class IdempotencyKeys(StorageClients storage) : IIdempotencyKeys
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.IdempotencyKeys);

    public async Task<string?> ClaimAsync(string scope, string key, string value, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(scope, key) { ["Value"] = value }, cancellationToken);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await FindAsync(scope, key, cancellationToken) ?? throw new InvalidOperationException($"Key {scope}/{key} conflicted but cannot be read.");
        }
    }

    public async Task<string?> FindAsync(string scope, string key, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(scope, key, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value!.GetString("Value") : null;
    }
}
