using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// Everything the app keeps, as text to compare a faulted run with a clean one: every user table row by row (sorted by
/// keys, without Timestamp and etag) and every blob's bytes (as a SHA-256), leaving out the local host's own bookkeeping
/// (its event receipts and timer status) and values that only say when something happened on the machine clock.
/// </summary>
public static class StorageSnapshot
{
    private static readonly HashSet<string> HostTables = new(StringComparer.OrdinalIgnoreCase) { Serverless.LocalHost.BlobCreatedTrigger.ReceiptsTable };
    private static readonly HashSet<string> HostContainers = new(StringComparer.OrdinalIgnoreCase) { Serverless.LocalHost.TimerTrigger.HostsContainer };

    public static async Task<IReadOnlyList<string>> TakeAsync(string connectionString, IReadOnlySet<string> ignoredProperties)
    {
        var lines = new List<string>();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (HostTables.Contains(table.Name)) continue;
            var rows = new List<string>();
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var values = entity.Keys
                    .Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey") && !ignoredProperties.Contains(k))
                    .Order(StringComparer.Ordinal)
                    .Select(k => $"{k}={Format(entity[k])}");
                rows.Add($"table {table.Name} {entity.PartitionKey}|{entity.RowKey}: {string.Join("; ", values)}");
            }
            lines.AddRange(rows.Order(StringComparer.Ordinal));
        }
        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (HostContainers.Contains(container.Name)) continue;
            var client = blobs.GetBlobContainerClient(container.Name);
            var names = new List<string>();
            await foreach (var blob in client.GetBlobsAsync()) names.Add(blob.Name);
            foreach (var name in names.Order(StringComparer.Ordinal))
            {
                var content = (await client.GetBlobClient(name).DownloadContentAsync()).Value.Content;
                // An import report states when the file was received and its blob's etag: the clock's and the storage's.
                if (container.Name == "reports" && name.EndsWith(".json", StringComparison.Ordinal)) content = WithoutStamps(content, ignoredProperties);
                lines.Add($"blob {container.Name}/{name}: {Convert.ToHexString(SHA256.HashData(content.ToMemory().Span))} ({content.ToMemory().Length} bytes)");
            }
        }
        return lines;
    }

    private static BinaryData WithoutStamps(BinaryData json, IReadOnlySet<string> ignored)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json.ToString());
        Strip(node, ignored);
        return BinaryData.FromString(node?.ToJsonString() ?? "null");
    }

    private static void Strip(System.Text.Json.Nodes.JsonNode? node, IReadOnlySet<string> ignored)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(k => ignored.Any(i => string.Equals(i, k, StringComparison.OrdinalIgnoreCase))).ToList()) o.Remove(key);
                foreach (var (_, child) in o) Strip(child, ignored);
                break;
            case System.Text.Json.Nodes.JsonArray a:
                foreach (var child in a) Strip(child, ignored);
                break;
        }
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Asserts two snapshots equal, naming the first lines that differ.</summary>
    public static void AssertEqual(IReadOnlyList<string> clean, IReadOnlyList<string> faulted)
    {
        var missing = clean.Except(faulted, StringComparer.Ordinal).Take(5).ToList();
        var extra = faulted.Except(clean, StringComparer.Ordinal).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && clean.Count == faulted.Count,
            $"The faulted run's storage differs from the clean run's ({clean.Count} vs {faulted.Count} lines).\nOnly in the clean run:\n  {string.Join("\n  ", missing)}\nOnly in the faulted run:\n  {string.Join("\n  ", extra)}");
    }
}
