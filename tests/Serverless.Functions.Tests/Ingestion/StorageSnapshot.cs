using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Serverless.Storage;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// Every table entity and blob in the account, each as a key (<c>table/partition/row</c>, <c>blob:container/name</c>)
/// and its content (properties other than the service's Timestamp and ETag; a blob's bytes as a hash), to prove
/// what an import changed and that it changed nothing else.
/// </summary>
public sealed class StorageSnapshot
{
    private StorageSnapshot(Dictionary<string, string> items, Dictionary<string, TableEntity> entities, Dictionary<string, byte[]> blobs)
    {
        Items = items;
        Entities = entities;
        Blobs = blobs;
    }

    public IReadOnlyDictionary<string, string> Items { get; }
    public IReadOnlyDictionary<string, TableEntity> Entities { get; }
    public IReadOnlyDictionary<string, byte[]> Blobs { get; }

    public static async Task<StorageSnapshot> TakeAsync(StorageClients storage)
    {
        var items = new Dictionary<string, string>(StringComparer.Ordinal);
        var entities = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var table in storage.Tables.QueryAsync())
        {
            await foreach (var entity in storage.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var key = $"{table.Name}/{entity.PartitionKey}/{entity.RowKey}";
                entities[key] = entity;
                items[key] = string.Join(";", entity.Keys.Where(k => k is not ("Timestamp" or "odata.etag")).Order(StringComparer.Ordinal)
                    .Select(k => $"{k}={Convert.ToString(entity[k], System.Globalization.CultureInfo.InvariantCulture)}"));
            }
        }
        await foreach (var container in storage.Blobs.GetBlobContainersAsync())
        {
            var client = storage.Blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var bytes = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                var key = $"blob:{container.Name}/{blob.Name}";
                blobs[key] = bytes;
                items[key] = Convert.ToHexString(SHA256.HashData(bytes));
            }
        }
        return new StorageSnapshot(items, entities, blobs);
    }

    /// <summary>The keys added, changed or removed since <paramref name="before"/>, sorted.</summary>
    public IReadOnlyList<string> ChangedSince(StorageSnapshot before) =>
        [.. Items.Keys.Union(before.Items.Keys)
            .Where(k => !Items.TryGetValue(k, out var now) || !before.Items.TryGetValue(k, out var then) || now != then)
            .Order(StringComparer.Ordinal)];

    /// <summary>Every string stored: entity keys and values, blob names and contents (decoded as UTF-8), except the named containers' blobs.</summary>
    public IEnumerable<string> AllText(params string[] exceptContainers) =>
        Entities.SelectMany(e => e.Value.Select(p => p.Value).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").Append(e.Key))
            .Concat(Blobs.Where(b => !exceptContainers.Any(c => b.Key.StartsWith($"blob:{c}/", StringComparison.Ordinal)))
                .SelectMany(b => new[] { b.Key, Encoding.UTF8.GetString(b.Value) }));
}
