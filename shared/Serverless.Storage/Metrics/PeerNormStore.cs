using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// Each day's peer norms in <c>PeerNorms</c>: partition = business day, one <c>~computed</c> row holding all of the
/// day's norms as JSON (<c>Json</c>, then <c>Json1</c>, <c>Json2</c>… past 30,000 characters) and their count
/// (<c>Norms</c>), which also tells "no peers that day" from "never computed", and the day's spread of E per
/// department and specialty computed with them (<c>Spread</c>, JSON; the one-day efficiency view reads only it). The
/// medians are doubles, written so they read back exactly.
/// </summary>
/// <remarks>
/// One row, so a refresh replaces the day's norms in one write under that row's ETag
/// (<see cref="ReplaceIfUnchangedAsync"/>): two imports of a day refreshing at once cannot leave the norms of the one
/// that read less.
/// </remarks>
public sealed class PeerNormStore(StorageClients storage) : IPeerNormStore
{
    private const string ComputedRow = "~computed";
    private const string JsonProperty = "Json";
    private const int PartLength = 30_000;

    private TableClient Table => storage.Tables.GetTableClient(Tables.PeerNorms);

    public async Task<IReadOnlyList<PeerNorm>?> GetAsync(DateOnly date, CancellationToken cancellationToken) =>
        (await ReadAsync(date, cancellationToken)).Norms;

    public async Task<StoredPeerNorms> ReadAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var day = Day(date);
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(day, ComputedRow, cancellationToken: cancellationToken);
        if (!found.HasValue) return new StoredPeerNorms(null, null);
        var row = found.Value!;
        var json = string.Concat(Enumerable.Range(0, row.GetInt32("Parts") ?? 1).Select(i => row.GetString(PartName(i)) ?? ""));
        return new StoredPeerNorms(ReadJson(json), row.ETag.ToString()) { Spread = ReadSpread(row.GetString(SpreadProperty)) };
    }

    public async Task<DaySpread?> GetSpreadAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Day(date), ComputedRow, select: [SpreadProperty], cancellationToken: cancellationToken);
        return found.HasValue ? ReadSpread(found.Value!.GetString(SpreadProperty)) : null;
    }

    public async Task<bool?> ReplaceIfUnchangedAsync(DateOnly date, IReadOnlyList<PeerNorm> norms, DaySpread spread, StoredPeerNorms read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(norms);
        ArgumentNullException.ThrowIfNull(spread);
        ArgumentNullException.ThrowIfNull(read);
        var day = Day(date);
        var ordered = Order(norms);
        var same = read.Norms is not null && read.Norms.SequenceEqual(ordered);
        if (same && spread.Equals(read.Spread)) return false;

        var json = WriteJson(ordered);
        var parts = json.Chunk(PartLength).Select(c => new string(c)).DefaultIfEmpty("").ToList();
        var entity = new TableEntity(day, ComputedRow) { ["Norms"] = ordered.Count, ["Parts"] = parts.Count, [SpreadProperty] = JsonSerializer.Serialize(spread, SpreadJson) };
        for (var i = 0; i < parts.Count; i++) entity[PartName(i)] = parts[i];
        try
        {
            if (read.Version is null) await Table.AddEntityAsync(entity, cancellationToken);
            else await Table.UpdateEntityAsync(entity, new ETag(read.Version), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            // Another refresh stored the day's norms (or removed them) since they were read here.
            return null;
        }
        return !same;
    }

    /// <summary>The day's spread as JSON in one property (a few groups of seven figures: far below a property's 64 KB).</summary>
    private const string SpreadProperty = "Spread";

    private static readonly JsonSerializerOptions SpreadJson = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static DaySpread? ReadSpread(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<DaySpread>(json, SpreadJson);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An array of <c>[scope, department, specialty, agents, medianHandleSeconds, medianCallsPerHour]</c>, with
    /// <c>medianAnswered, answeredTotal</c> after them when the norm carries the answer-share figures.</summary>
    private static string WriteJson(IReadOnlyList<PeerNorm> norms)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var norm in norms)
            {
                json.WriteStartArray();
                json.WriteStringValue(norm.Scope.ToString());
                json.WriteStringValue(norm.Department);
                json.WriteStringValue(norm.Specialty);
                json.WriteNumberValue(norm.Agents);
                json.WriteNumberValue(norm.MedianHandleSeconds);
                json.WriteNumberValue(norm.MedianCallsPerHour);
                if (norm.HasAnswerShare)
                {
                    // Only norms computed under rules that weigh 话务接听占比 carry these two; the others read as before.
                    json.WriteNumberValue(norm.MedianAnswered);
                    json.WriteNumberValue(norm.AnsweredTotal);
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static IReadOnlyList<PeerNorm> ReadJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(n => new PeerNorm(
            Enum.Parse<PeerScope>(n[0].GetString()!), n[1].GetString()!, n[2].GetString()!, n[3].GetInt32(), n[4].GetDouble(), n[5].GetDouble(),
            n.GetArrayLength() > 7 ? n[6].GetDouble() : 0, n.GetArrayLength() > 7 ? n[7].GetInt64() : 0))];
    }

    private static string PartName(int part) => part == 0 ? JsonProperty : JsonProperty + part.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<PeerNorm> Order(IEnumerable<PeerNorm> norms) => norms
        .OrderBy(n => n.Scope)
        .ThenBy(n => n.Department, StringComparer.Ordinal)
        .ThenBy(n => n.Specialty, StringComparer.Ordinal)
        .ToList();

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
