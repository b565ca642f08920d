using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure.Data.Tables;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;

namespace Serverless.Storage;

/// <summary>One agent's stored metrics from one contribution, with the import they came from.</summary>
internal readonly record struct StoredAgentMetrics(AgentDayMetrics Metrics, string ImportId);

/// <summary>
/// One bucket row of a contribution (<see cref="MetricsStore"/>): the agents whose id hashes to the bucket, one
/// tab-separated text line each (id, import, then the fields named in <c>Fields</c>; a zero is left empty).
/// </summary>
/// <remarks>
/// Text, not binary, so a row reads in Storage Explorer and a scan for a caller number can see every stored byte.
/// Ids never hold a tab or a line break: the export reader refuses control characters in ids, and so does
/// <see cref="Encode"/>. A string property holds at most 32K characters, so the lines are cut into
/// <c>Data0</c>…<c>DataN</c> at line ends.
/// </remarks>
internal static class MetricsBucket
{
    /// <summary>Buckets per contribution: a national day's 20,000 agents are ~300 per bucket, ~25 KB of text.</summary>
    public const int Count = 64;

    private const int MaxPartChars = 30_000;
    // An entity holds at most 1 MiB, and strings count two bytes a character.
    private const int MaxParts = 15;
    private const string FieldsProperty = "Fields";
    private const string ImportsProperty = "Imports";
    private const string PartsProperty = "Parts";
    private const string DataProperty = "Data";

    private enum Field
    {
        AnsweredCalls, TalkSeconds, HoldSeconds, AfterCallWorkSeconds, ShortCalls, HelpRequests, SurveysPushed,
        SurveysAnswered, SurveysSatisfied, HasTimeRecord, ScheduledSeconds, SignedInSeconds, NotReadySeconds, Adherence,
        LateMinutes, CallsInspected, Errors, QualityScored, QualityScoreSum, ConductEvents, ConductSeverity,
        IdentifiedCalls, RepeatCalls,
    }

    private static readonly Field[] Fields = Enum.GetValues<Field>();
    private static readonly string FieldList = string.Join(',', Fields);

    /// <summary>The bucket of an agent id: a stable hash of its UTF-8 bytes (the same in every process and version).</summary>
    public static int Of(string agentId) => (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(agentId)) % Count);

    public static string RowKey(string contribution, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{MetricsStore.BucketPrefix}{contribution}|{bucket:x2}");

    public static TableEntity ToEntity(string day, string rowKey, ExportKind kind, string source, IReadOnlyList<StoredAgentMetrics> agents)
    {
        var imports = agents.Select(a => a.ImportId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var importIndex = imports.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        var parts = new List<string>();
        var text = new StringBuilder();
        var line = new StringBuilder();
        foreach (var agent in agents.OrderBy(a => a.Metrics.AgentId, StringComparer.Ordinal))
        {
            line.Clear();
            Encode(line, agent.Metrics, importIndex[agent.ImportId]);
            if (text.Length > 0 && text.Length + line.Length > MaxPartChars)
            {
                parts.Add(text.ToString());
                text.Clear();
            }
            text.Append(line);
        }
        if (text.Length > 0) parts.Add(text.ToString());
        if (parts.Count > MaxParts)
        {
            throw new InvalidOperationException(
                $"Bucket {rowKey} of {day} holds {agents.Count:N0} agents, more than one table row can: {Count} buckets per file and day are too few for this file.");
        }
        var entity = new TableEntity(day, rowKey)
        {
            ["Kind"] = kind.ToPathName(),
            ["Source"] = source,
            ["Agents"] = agents.Count,
            [ImportsProperty] = string.Join(' ', imports),
            [FieldsProperty] = FieldList,
            [PartsProperty] = parts.Count,
        };
        for (var i = 0; i < parts.Count; i++) entity[DataProperty + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        return entity;
    }

    /// <summary>The bucket's agents (only those <paramref name="wanted"/> says yes to, when given).</summary>
    public static IEnumerable<StoredAgentMetrics> Read(TableEntity entity, DateOnly date, Func<string, bool>? wanted = null)
    {
        var imports = (entity.GetString(ImportsProperty) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var columns = (entity.GetString(FieldsProperty) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Enum.TryParse<Field>(name, out var field) ? field
                : throw new InvalidDataException($"Metrics row {entity.PartitionKey}/{entity.RowKey} has an unknown field '{name}'."))
            .ToArray();
        var parts = entity.GetInt32(PartsProperty) ?? 0;
        for (var p = 0; p < parts; p++)
        {
            var text = entity.GetString(DataProperty + p.ToString(CultureInfo.InvariantCulture)) ?? "";
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = line[..line.IndexOf('\t', StringComparison.Ordinal)];
                if (wanted is not null && !wanted(id)) continue;
                yield return Decode(line, columns, imports, date, entity);
            }
        }
    }

    private static void Encode(StringBuilder line, AgentDayMetrics m, int import)
    {
        if (m.AgentId.Length == 0 || m.AgentId.Any(char.IsControl))
        {
            throw new ArgumentException($"Agent id '{m.AgentId}' cannot be stored: it is empty or holds a control character.", nameof(m));
        }
        line.Append(m.AgentId).Append('\t').Append(import.ToString(CultureInfo.InvariantCulture));
        foreach (var field in Fields)
        {
            line.Append('\t');
            switch (field)
            {
                case Field.HasTimeRecord: if (m.HasTimeRecord) line.Append('1'); break;
                // Empty is "not in the export"; a zero adherence is written "0".
                case Field.Adherence: if (m.Adherence is { } adherence) line.Append(adherence.ToString("R", CultureInfo.InvariantCulture)); break;
                case Field.QualityScoreSum: if (m.QualityScoreSum != 0) line.Append(m.QualityScoreSum.ToString(CultureInfo.InvariantCulture)); break;
                default:
                    var value = Integer(m, field);
                    if (value != 0) line.Append(value.ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }
        line.Append('\n');
    }

    private static long Integer(AgentDayMetrics m, Field field) => field switch
    {
        Field.AnsweredCalls => m.AnsweredCalls,
        Field.TalkSeconds => m.TalkSeconds,
        Field.HoldSeconds => m.HoldSeconds,
        Field.AfterCallWorkSeconds => m.AfterCallWorkSeconds,
        Field.ShortCalls => m.ShortCalls,
        Field.HelpRequests => m.HelpRequests,
        Field.SurveysPushed => m.SurveysPushed,
        Field.SurveysAnswered => m.SurveysAnswered,
        Field.SurveysSatisfied => m.SurveysSatisfied,
        Field.ScheduledSeconds => m.ScheduledSeconds,
        Field.SignedInSeconds => m.SignedInSeconds,
        Field.NotReadySeconds => m.NotReadySeconds,
        Field.LateMinutes => m.LateMinutes,
        Field.CallsInspected => m.CallsInspected,
        Field.Errors => m.Errors,
        Field.QualityScored => m.QualityScored,
        Field.ConductEvents => m.ConductEvents,
        Field.ConductSeverity => m.ConductSeverity,
        Field.IdentifiedCalls => m.IdentifiedCalls,
        Field.RepeatCalls => m.RepeatCalls,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not an integer field."),
    };

    private static StoredAgentMetrics Decode(string line, Field[] columns, string[] imports, DateOnly date, TableEntity entity)
    {
        var values = line.Split('\t');
        if (values.Length != columns.Length + 2
            || !int.TryParse(values[1], NumberStyles.None, CultureInfo.InvariantCulture, out var import) || import >= imports.Length)
        {
            throw new InvalidDataException($"Metrics row {entity.PartitionKey}/{entity.RowKey} has a line that does not read.");
        }
        var integers = new long[Fields.Length];
        var hasTimeRecord = false;
        double? adherence = null;
        var scoreSum = 0m;
        for (var c = 0; c < columns.Length; c++)
        {
            var text = values[c + 2];
            if (text.Length == 0) continue;
            switch (columns[c])
            {
                case Field.HasTimeRecord: hasTimeRecord = text == "1"; break;
                case Field.Adherence: adherence = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture); break;
                case Field.QualityScoreSum: scoreSum = decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture); break;
                default: integers[(int)columns[c]] = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture); break;
            }
        }
        var metrics = new AgentDayMetrics
        {
            AgentId = values[0],
            Date = date,
            AnsweredCalls = checked((int)integers[(int)Field.AnsweredCalls]),
            TalkSeconds = integers[(int)Field.TalkSeconds],
            HoldSeconds = integers[(int)Field.HoldSeconds],
            AfterCallWorkSeconds = integers[(int)Field.AfterCallWorkSeconds],
            ShortCalls = checked((int)integers[(int)Field.ShortCalls]),
            HelpRequests = checked((int)integers[(int)Field.HelpRequests]),
            SurveysPushed = checked((int)integers[(int)Field.SurveysPushed]),
            SurveysAnswered = checked((int)integers[(int)Field.SurveysAnswered]),
            SurveysSatisfied = checked((int)integers[(int)Field.SurveysSatisfied]),
            HasTimeRecord = hasTimeRecord,
            ScheduledSeconds = integers[(int)Field.ScheduledSeconds],
            SignedInSeconds = integers[(int)Field.SignedInSeconds],
            NotReadySeconds = integers[(int)Field.NotReadySeconds],
            Adherence = adherence,
            LateMinutes = checked((int)integers[(int)Field.LateMinutes]),
            CallsInspected = checked((int)integers[(int)Field.CallsInspected]),
            Errors = checked((int)integers[(int)Field.Errors]),
            QualityScored = checked((int)integers[(int)Field.QualityScored]),
            QualityScoreSum = scoreSum,
            ConductEvents = checked((int)integers[(int)Field.ConductEvents]),
            ConductSeverity = checked((int)integers[(int)Field.ConductSeverity]),
            IdentifiedCalls = checked((int)integers[(int)Field.IdentifiedCalls]),
            RepeatCalls = checked((int)integers[(int)Field.RepeatCalls]),
        };
        return new StoredAgentMetrics(metrics, imports[import]);
    }
}
