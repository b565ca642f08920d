using System.Globalization;
using System.Text.Json;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// A <see cref="ScoredDay"/> as the JSON of one month-row property, written compact (<c>"v":2</c>): about 0.8 KB a
/// day instead of the 2 KB of the record serialized as it is.
/// </summary>
/// <remarks>
/// Every score request reads and writes its agents' month rows, so their size is most of what scoring moves through
/// the table store (on Azurite, two thirds of a national day's transaction bytes were these days). What it leaves
/// out is what the day already says: an entry's agent, period, department and rules version when they are the
/// day's (its agent and date, its department, the first entry's version), metrics that are zero, and import ids
/// repeated per rule and per kind (written as their place in <c>ids</c>). Names stay words, not letters, where they are
/// the scheme's (<c>answeredCalls</c>, <c>efficiency</c>), so a row read by hand still explains itself.
/// </remarks>
internal static class ScoredDayJson
{
    private const int Version = 2;

    // Department names and explanations are Chinese: escaped as \uXXXX they take six bytes a character instead of
    // three, and month close reads every agent's month. This JSON is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ScoredDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var metrics = day.Metrics;
        var date = metrics.Date;
        var version = day.Entries.Count > 0 ? day.Entries[0].RulesVersion : null;
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < day.ImportIds.Count; i++) places.TryAdd(day.ImportIds[i], i);

        using var buffer = new MemoryStream(1024);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("agent", metrics.AgentId);
            json.WriteString("date", Day(date));
            json.WriteString("dept", day.Department);
            json.WriteString("spec", day.Specialty);
            WriteMetrics(json, metrics);
            if (version is not null) json.WriteString("rules", version);
            json.WriteStartArray("entries");
            foreach (var entry in day.Entries)
            {
                json.WriteStartObject();
                json.WriteString("rule", entry.Rule);
                json.WriteString("dim", entry.Dimension.ToString());
                json.WriteNumber("pts", entry.Points);
                json.WriteString("in", entry.Inputs);
                if (entry.Reason is not null) json.WriteString("why", entry.Reason);
                if (entry.Measure is { } measure) json.WriteNumber("m", measure);
                if (entry.AgentId != metrics.AgentId) json.WriteString("agent", entry.AgentId);
                if (entry.Period != LedgerPeriod.Day(date)) json.WriteString("period", entry.Period.Key);
                if (entry.Department != day.Department) json.WriteString("dept", entry.Department);
                if (entry.RulesVersion != version) json.WriteString("rules", entry.RulesVersion);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("ids");
            foreach (var id in day.ImportIds) json.WriteStringValue(id);
            json.WriteEndArray();
            if (day.EntryImportIds is { } byRule)
            {
                json.WriteStartObject("byRule");
                foreach (var (rule, ids) in byRule) WriteIds(json, rule, ids, places);
                json.WriteEndObject();
            }
            if (day.ImportIdsByKind is { } byKind)
            {
                json.WriteStartObject("byKind");
                foreach (var (kind, ids) in byKind) WriteIds(json, kind.ToString(), ids, places);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ScoredDay Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.StartsWith("{\"v\":2,", StringComparison.Ordinal))
        {
            throw new InvalidDataException("A stored scored day is not in the month rows' form (\"v\":2).");
        }
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var agentId = root.GetProperty("agent").GetString()!;
        var date = DateOnly.ParseExact(root.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var department = root.GetProperty("dept").GetString()!;
        var version = root.TryGetProperty("rules", out var rules) ? rules.GetString() : null;
        var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        var entries = root.GetProperty("entries").EnumerateArray().Select(e => new LedgerEntry
        {
            AgentId = e.TryGetProperty("agent", out var agent) ? agent.GetString()! : agentId,
            Period = e.TryGetProperty("period", out var period) ? ParsePeriod(period.GetString()) : LedgerPeriod.Day(date),
            Rule = e.GetProperty("rule").GetString()!,
            Dimension = Enum.Parse<Dimension>(e.GetProperty("dim").GetString()!),
            Points = e.GetProperty("pts").GetDecimal(),
            Inputs = e.GetProperty("in").GetString()!,
            RulesVersion = e.TryGetProperty("rules", out var own) ? own.GetString()! : version!,
            Department = e.TryGetProperty("dept", out var dept) ? dept.GetString()! : department,
            Reason = e.TryGetProperty("why", out var why) ? why.GetString() : null,
            Measure = e.TryGetProperty("m", out var m) ? m.GetDouble() : null,
        }).ToList();
        return new ScoredDay(ReadMetrics(root.GetProperty("metrics"), agentId, date), department, root.GetProperty("spec").GetString()!, entries, ids)
        {
            EntryImportIds = root.TryGetProperty("byRule", out var byRule)
                ? byRule.EnumerateObject().ToDictionary(p => p.Name, p => ReadIds(p.Value, ids), StringComparer.Ordinal)
                : null,
            ImportIdsByKind = root.TryGetProperty("byKind", out var byKind)
                ? byKind.EnumerateObject().ToDictionary(p => Enum.Parse<ExportKind>(p.Name), p => ReadIds(p.Value, ids))
                : null,
        };
    }

    /// <summary>The metrics that are not zero (adherence whenever it is known: a measured 0 is not a missing one).</summary>
    private static void WriteMetrics(Utf8JsonWriter json, AgentDayMetrics m)
    {
        json.WriteStartObject("metrics");
        Long("answeredCalls", m.AnsweredCalls);
        Long("talkSeconds", m.TalkSeconds);
        Long("holdSeconds", m.HoldSeconds);
        Long("afterCallWorkSeconds", m.AfterCallWorkSeconds);
        Long("shortCalls", m.ShortCalls);
        Long("helpRequests", m.HelpRequests);
        Long("surveysPushed", m.SurveysPushed);
        Long("surveysAnswered", m.SurveysAnswered);
        Long("surveysSatisfied", m.SurveysSatisfied);
        if (m.HasTimeRecord) json.WriteBoolean("hasTimeRecord", true);
        Long("scheduledSeconds", m.ScheduledSeconds);
        Long("signedInSeconds", m.SignedInSeconds);
        Long("notReadySeconds", m.NotReadySeconds);
        if (m.Adherence is { } adherence) json.WriteNumber("adherence", adherence);
        Long("lateMinutes", m.LateMinutes);
        Long("callsInspected", m.CallsInspected);
        Long("errors", m.Errors);
        Long("qualityScored", m.QualityScored);
        if (m.QualityScoreSum != 0) json.WriteNumber("qualityScoreSum", m.QualityScoreSum);
        Long("conductEvents", m.ConductEvents);
        Long("conductSeverity", m.ConductSeverity);
        Long("identifiedCalls", m.IdentifiedCalls);
        Long("repeatCalls", m.RepeatCalls);
        json.WriteEndObject();

        void Long(string name, long value)
        {
            if (value != 0) json.WriteNumber(name, value);
        }
    }

    private static AgentDayMetrics ReadMetrics(JsonElement m, string agentId, DateOnly date)
    {
        long Long(string name) => m.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
        int Int(string name) => checked((int)Long(name));
        return new AgentDayMetrics
        {
            AgentId = agentId,
            Date = date,
            AnsweredCalls = Int("answeredCalls"),
            TalkSeconds = Long("talkSeconds"),
            HoldSeconds = Long("holdSeconds"),
            AfterCallWorkSeconds = Long("afterCallWorkSeconds"),
            ShortCalls = Int("shortCalls"),
            HelpRequests = Int("helpRequests"),
            SurveysPushed = Int("surveysPushed"),
            SurveysAnswered = Int("surveysAnswered"),
            SurveysSatisfied = Int("surveysSatisfied"),
            HasTimeRecord = m.TryGetProperty("hasTimeRecord", out var hasTime) && hasTime.GetBoolean(),
            ScheduledSeconds = Long("scheduledSeconds"),
            SignedInSeconds = Long("signedInSeconds"),
            NotReadySeconds = Long("notReadySeconds"),
            Adherence = m.TryGetProperty("adherence", out var adherence) ? adherence.GetDouble() : null,
            LateMinutes = Int("lateMinutes"),
            CallsInspected = Int("callsInspected"),
            Errors = Int("errors"),
            QualityScored = Int("qualityScored"),
            QualityScoreSum = m.TryGetProperty("qualityScoreSum", out var scoreSum) ? scoreSum.GetDecimal() : 0m,
            ConductEvents = Int("conductEvents"),
            ConductSeverity = Int("conductSeverity"),
            IdentifiedCalls = Int("identifiedCalls"),
            RepeatCalls = Int("repeatCalls"),
        };
    }

    /// <summary>Import ids as their place in the day's <c>ids</c>; one that is not there as itself.</summary>
    private static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<string> ids, Dictionary<string, int> places)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            if (places.TryGetValue(id, out var place)) json.WriteNumberValue(place);
            else json.WriteStringValue(id);
        }
        json.WriteEndArray();
    }

    private static IReadOnlyList<string> ReadIds(JsonElement array, List<string> ids) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? ids[e.GetInt32()] : e.GetString()!)];

    private static LedgerPeriod ParsePeriod(string? key) =>
        LedgerPeriod.TryParse(key, out var period) ? period : throw new InvalidDataException($"'{key}' is not a ledger period.");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
