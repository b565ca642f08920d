using System.Globalization;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// Everything the app keeps, as text to compare a faulted run with a clean one: every user table row by row (sorted by
/// keys, without Timestamp and etag) and every blob's bytes (as a SHA-256), leaving out the local host's own bookkeeping
/// (its event receipts and timer status), the data protection key ring (random keys) and values that only say when something happened on the machine clock.
/// </summary>
public static partial class StorageSnapshot
{
    private static readonly HashSet<string> HostTables = new(StringComparer.OrdinalIgnoreCase) { Serverless.LocalHost.BlobCreatedTrigger.ReceiptsTable };
    // The data protection key ring too: every handler start makes a random key (the web app's forms), never a result.
    private static readonly HashSet<string> HostContainers = new(StringComparer.OrdinalIgnoreCase) { Serverless.LocalHost.TimerTrigger.HostsContainer, Serverless.Storage.Containers.DataProtection };

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
                // A published version says when it was generated (the claim's clock): in ranking.json and manifest.json, in
                // the workbook's info sheet and its zip entries' times, and so in the manifest's hashes of those files.
                if (ignoredProperties.Contains("GeneratedAt") && container.Name is "rankings" or "bonus")
                {
                    if (name.EndsWith(".xlsx", StringComparison.Ordinal))
                    {
                        lines.AddRange(WorkbookLines($"{container.Name}/{name}", content));
                        continue;
                    }
                    if (name.EndsWith("/manifest.json", StringComparison.Ordinal)) content = WithoutStamps(content, new HashSet<string>(ignoredProperties, StringComparer.OrdinalIgnoreCase) { "sha256", "bytes" });
                    else if (name.EndsWith(".json", StringComparison.Ordinal)) content = WithoutStamps(content, ignoredProperties);
                }
                lines.Add($"blob {container.Name}/{name}: {Convert.ToHexString(SHA256.HashData(content.ToMemory().Span))} ({content.ToMemory().Length} bytes)");
            }
        }
        return lines;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Instant();

    /// <summary>A workbook entry by entry (name and content, its instants blanked), without the zip's entry times.</summary>
    private static IEnumerable<string> WorkbookLines(string name, BinaryData content)
    {
        using var zip = new System.IO.Compression.ZipArchive(content.ToStream(), System.IO.Compression.ZipArchiveMode.Read);
        var lines = new List<string>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), System.Text.Encoding.UTF8);
            var text = Instant().Replace(reader.ReadToEnd(), "(instant)");
            lines.Add($"blob {name} [{entry.FullName}]: {Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))}");
        }
        return lines;
    }

    /// <summary>
    /// Every published manifest's file list matches the files beside it, byte count and SHA-256: no file of a version is
    /// left from an attempt that died or failed half-way (the snapshot leaves those hashes out, so this checks them).
    /// </summary>
    public static async Task AssertManifestsMatchFilesAsync(string connectionString)
    {
        var blobs = new BlobServiceClient(connectionString);
        foreach (var container in new[] { "rankings", "bonus" })
        {
            var client = blobs.GetBlobContainerClient(container);
            if (!await client.ExistsAsync()) continue;
            await foreach (var blob in client.GetBlobsAsync())
            {
                if (!blob.Name.EndsWith("/manifest.json", StringComparison.Ordinal)) continue;
                var folder = blob.Name[..^"manifest.json".Length];
                Serverless.Domain.Publishing.PublicationManifest manifest;
                using (var stream = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToStream()) manifest = Serverless.Domain.Publishing.PublicationManifest.Read(stream);
                foreach (var file in manifest.Files)
                {
                    var holder = blobs.GetBlobContainerClient(Serverless.Storage.PublishedLayout.ContainerOf(file.Name)).GetBlobClient(folder + file.Name);
                    var bytes = (await holder.DownloadContentAsync()).Value.Content.ToArray();
                    Assert.True(bytes.LongLength == file.Bytes && Convert.ToHexString(SHA256.HashData(bytes)).Equals(file.Sha256, StringComparison.OrdinalIgnoreCase),
                        $"{container}/{blob.Name} lists {file.Name} as {file.Bytes} bytes {file.Sha256}, but {holder.BlobContainerName}/{holder.Name} is {bytes.LongLength} bytes {Convert.ToHexString(SHA256.HashData(bytes))}");
                }
            }
        }
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
