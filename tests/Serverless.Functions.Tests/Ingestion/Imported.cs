using System.Text.Json;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>One export dropped and imported: its status row, report, the metrics then stored, and every storage key it changed.</summary>
public sealed record Imported(
    ExportPath Path,
    ImportRecord Status,
    JsonElement Report,
    IReadOnlyList<string> ErrorsCsv,
    IReadOnlyList<AgentDayMetrics> Metrics,
    IReadOnlyList<string> Changed,
    InvocationReply Reply,
    string Event)
{
    /// <summary>The report's reasons as <c>row,column,reason,value</c> lines, from its JSON.</summary>
    public IReadOnlyList<string> ReportedRows =>
        [.. Report.GetProperty("rowErrors").EnumerateArray().Select(e =>
            $"{e.GetProperty("row").GetInt64()},{e.GetProperty("column").GetString()},{e.GetProperty("reason").GetString()},{e.GetProperty("value").GetString()}")];

    /// <summary>The keys an import always writes: the dropped blob itself, its status row and its report blobs.</summary>
    public IReadOnlyList<string> OwnKeys
    {
        get
        {
            var stem = $"blob:reports/{Status.ReportBlob![..^".json".Length]}";
            List<string> keys = [$"blob:exports/{Path.BlobName}", $"Imports/{Path.Date:yyyy-MM-dd}/{Path.Kind.ToPathName()}|{Path.Source}|{Status.ImportId}", stem + ".json"];
            if (ErrorsCsv.Count > 0) keys.Add(stem + ".errors.csv");
            return keys;
        }
    }

    /// <summary>What an accepted import of metrics also writes: the head (import in force), the contribution marker and the bucket rows of its agents.</summary>
    public IReadOnlyList<string> MetricKeys(params string[] agents) =>
        [
            $"ImportHeads/{Path.Date:yyyy-MM-dd}/{Path.Kind.ToPathName()}|{Path.Source}",
            $"AgentDayMetrics/{Path.Date:yyyy-MM-dd}/!{Path.Kind.ToPathName()}|{Path.Source}",
            .. agents.Select(a => $"AgentDayMetrics/{Path.Date:yyyy-MM-dd}/{Storage.MetricsStore.RowKeyOf(Path.Kind, Path.Source, a)}").Distinct(),
        ];

    /// <summary>Asserts the import changed exactly these keys besides its own (blob, status row, report).</summary>
    /// <remarks>
    /// An accepted calls, agent-time or roster import also re-derives the day's peer norms (scoring's DayNorms);
    /// those rows are expected then, and only then. An accepted import may also write its content claim.
    /// </remarks>
    public void AssertChangedOnly(params IEnumerable<string>[] others)
    {
        var normsPrefix = $"PeerNorms/{Path.Date:yyyy-MM-dd}/";
        var derivesNorms = Status.Status is ImportStatus.Accepted or ImportStatus.AcceptedWithErrors
            && Path.Kind is ExportKind.Calls or ExportKind.AgentTime or ExportKind.Roster;
        var changed = derivesNorms ? Changed.Where(k => !k.StartsWith(normsPrefix, StringComparison.Ordinal)) : Changed;
        // An accepted import claims its bytes for the kind and day (a copy under another name is then its duplicate).
        var claim = $"ImportHeads/{Path.Date:yyyy-MM-dd}/~{Path.Kind.ToPathName()}|{Status.ContentHash}";
        if (Status.Status is ImportStatus.Accepted or ImportStatus.AcceptedWithErrors) changed = changed.Where(k => k != claim);
        Assert.Equal(OwnKeys.Concat(others.SelectMany(o => o)).Order(StringComparer.Ordinal), changed);
    }
}
