using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Serverless.Testing.Storage;

/// <summary>One entity written to a table, as seen on the wire.</summary>
public readonly record struct TableWrite(string Table, string PartitionKey);

/// <summary>
/// Which entities a Table service request writes, read from the request alone (method, path, body), so a proxy in
/// front of the table endpoint can count every process's writes without the writers knowing. Single-entity requests
/// name the partition in the URL (<c>Table(PartitionKey='..',RowKey='..')</c>) or, for an insert (<c>POST /Table</c>),
/// in the JSON body; an entity group transaction (<c>POST /$batch</c>) is a multipart/mixed body holding one changeset,
/// itself multipart/mixed, whose parts are HTTP requests of the same two forms. Reads, table creation and deletion
/// write no entity and give nothing.
/// </summary>
public static partial class TableWrites
{
    private static readonly HashSet<string> WriteMethods = new(StringComparer.OrdinalIgnoreCase) { "POST", "PUT", "MERGE", "PATCH", "DELETE" };

    /// <summary>The entities one request writes (empty for reads and table operations).</summary>
    public static async Task<IReadOnlyList<TableWrite>> ParseAsync(string method, string path, string? contentType, ReadOnlyMemory<byte> body)
    {
        if (!WriteMethods.Contains(method)) return [];
        var resource = LastSegment(path);
        if (resource == "$batch")
        {
            var writes = new List<TableWrite>();
            await ReadBatchAsync(contentType, body, writes);
            return writes;
        }
        return Single(method, resource, body) is { } write ? [write] : [];
    }

    /// <summary>
    /// Hand-written only as far as the HTTP request inside a part: the two multipart levels are read by ASP.NET Core's
    /// <see cref="MultipartReader"/> (shared framework), but a part's <c>application/http</c> content — request line,
    /// headers, blank line, body — has no reader there, and it is three lines of text.
    /// </summary>
    private static async Task ReadBatchAsync(string? contentType, ReadOnlyMemory<byte> body, List<TableWrite> writes)
    {
        if (Boundary(contentType) is not { } boundary) return;
        var reader = new MultipartReader(boundary, new MemoryStream(body.ToArray(), writable: false));
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content);
            if (section.ContentType is { } nested && nested.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                await ReadBatchAsync(nested, content.ToArray(), writes);
            }
            else if (InnerRequest(content.ToArray()) is { } request && WriteMethods.Contains(request.Method)
                && Single(request.Method, LastSegment(request.Url), request.Body) is { } write)
            {
                writes.Add(write);
            }
        }
    }

    private static string? Boundary(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var media) && HeaderUtilities.RemoveQuotes(media.Boundary).Value is { Length: > 0 } b ? b : null;

    private static (string Method, string Url, ReadOnlyMemory<byte> Body)? InnerRequest(byte[] part)
    {
        var end = part.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(part, 0, end < 0 ? part.Length : end);
        var requestLine = head.Split("\r\n", 2)[0].Split(' ');
        if (requestLine.Length < 2) return null;
        return (requestLine[0], requestLine[1], end < 0 ? ReadOnlyMemory<byte>.Empty : part.AsMemory(end + 4));
    }

    private static TableWrite? Single(string method, string resource, ReadOnlyMemory<byte> body)
    {
        resource = Uri.UnescapeDataString(resource);
        var keyed = EntityAddress().Match(resource);
        if (keyed.Success)
        {
            var table = keyed.Groups["table"].Value;
            return IsTableOperation(table) ? null : new TableWrite(table, keyed.Groups["pk"].Value.Replace("''", "'", StringComparison.Ordinal));
        }
        // An insert: POST to the table itself, the keys in the body.
        if (!method.Equals("POST", StringComparison.OrdinalIgnoreCase) || IsTableOperation(resource) || resource.Contains('(', StringComparison.Ordinal)) return null;
        return PartitionKeyOf(body) is { } partition ? new TableWrite(resource, partition) : null;
    }

    // "Tables" is the table service's own resource (create/delete table), not an entity.
    private static bool IsTableOperation(string table) => table.Equals("Tables", StringComparison.OrdinalIgnoreCase);

    private static string? PartitionKeyOf(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("PartitionKey", out var pk) ? pk.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string LastSegment(string path)
    {
        var clean = path.Split('?', 2)[0].TrimEnd('/');
        return clean[(clean.LastIndexOf('/') + 1)..];
    }

    [GeneratedRegex(@"^(?<table>[^(]+)\(PartitionKey='(?<pk>(?:[^']|'')*)',\s*RowKey='(?:[^']|'')*'\)$")]
    private static partial Regex EntityAddress();

    /// <summary>
    /// A partition key safe to print: a month or a day as it is, a constant name (lower-case letters and dashes) as it
    /// is; anything else with its digits as <c>#</c> and other letters as <c>x</c>, so no agent id or name is shown.
    /// </summary>
    public static string Pattern(string partitionKey)
    {
        if (MonthOrDay().IsMatch(partitionKey) || ConstantName().IsMatch(partitionKey)) return partitionKey;
        var masked = new StringBuilder(partitionKey.Length);
        foreach (var c in partitionKey) masked.Append(char.IsDigit(c) ? '#' : char.IsLetter(c) ? 'x' : c);
        return masked.ToString();
    }

    [GeneratedRegex(@"^\d{4}-\d{2}(-\d{2})?$")]
    private static partial Regex MonthOrDay();

    [GeneratedRegex(@"^[a-z][a-z-]*$")]
    private static partial Regex ConstantName();
}
