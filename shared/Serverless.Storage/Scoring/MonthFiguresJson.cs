using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// An agent-month row's running figures (<see cref="MonthFigures"/>, the last day's department, the imports) as the JSON
/// of its <c>MonthFigures</c> property: sums adjusted by each day's difference, and per day only what does not add up
/// (signed-in and scheduled seconds, department). A few hundred bytes where the days are ~2 KB each, so month close
/// reads this and never the days.
/// </summary>
internal sealed class MonthFiguresJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    public int Calls { get; set; }

    public int Pushed { get; set; }

    public int Answered { get; set; }

    public int Satisfied { get; set; }

    public int Inspected { get; set; }

    public int Errors { get; set; }

    /// <summary>Conduct events and their severities; absent (0) in figures written before the conduct kind, which had none.</summary>
    public int Conduct { get; set; }

    public int Severity { get; set; }

    /// <summary>
    /// Help requests, handle seconds, quality scores (count and sum), identified and repeat calls: the sums of the
    /// monthly help-share, AHT, mean-quality-score and repeat-call metrics. Added by the days whose facts say so
    /// (<see cref="DayFacts.Sums"/>); a day added before they were kept has none, and while one is in the month
    /// <see cref="HasDetailSums"/> is false and month close sums the row's days instead.
    /// </summary>
    public int Help { get; set; }

    public long Handle { get; set; }

    public int Scored { get; set; }

    public decimal ScoreSum { get; set; }

    public int Identified { get; set; }

    public int Repeats { get; set; }

    /// <summary>Every day of the month added the call-detail sums (a month of no days trivially has them).</summary>
    [JsonIgnore]
    public bool HasDetailSums => Days.Values.All(d => d.Sums);

    /// <summary>Day of month ("07") → that day's signed-in and scheduled seconds (0 when not scheduled), department, and whether it had work items.</summary>
    public SortedDictionary<string, DayFacts> Days { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Dimension → how many daily entries count toward it (so a dimension whose entries are all 0 still shows).</summary>
    public SortedDictionary<string, int> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Rule → [sum of measures in millionths, count].</summary>
    public SortedDictionary<string, long[]> Measures { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Import id → how many of the month's days came (partly) from it, for the days stored without their imports' kinds
    /// (and every day of figures written before the kinds were kept).
    /// </summary>
    public SortedDictionary<string, int> Imports { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Kind of export (<c>calls</c>, <c>agent-time</c>, …) → import id → how many of the month's days came from it, for
    /// the days stored with their imports' kinds. Null in figures written before the kinds were kept: those never
    /// learn them, and month close names all the month's imports on every monthly entry.
    /// </summary>
    public SortedDictionary<string, SortedDictionary<string, int>>? ByKind { get; set; }

    /// <summary>Days stored without their imports' kinds (counted in <see cref="Imports"/>): while any is, the kinds are not known.</summary>
    public int Unkinded { get; set; }

    public static MonthFiguresJson Read(string? json) =>
        string.IsNullOrEmpty(json) ? new MonthFiguresJson { ByKind = new(StringComparer.Ordinal) } : JsonSerializer.Deserialize<MonthFiguresJson>(json, Options) ?? new MonthFiguresJson();

    public string Write() => JsonSerializer.Serialize(this, Options);

    /// <summary>Adds (<paramref name="sign"/> 1) or takes away (−1) one scored day.</summary>
    public void Apply(ScoredDay day, int sign)
    {
        var m = day.Metrics;
        Calls += sign * m.AnsweredCalls;
        Pushed += sign * m.SurveysPushed;
        Answered += sign * m.SurveysAnswered;
        Satisfied += sign * m.SurveysSatisfied;
        Inspected += sign * m.CallsInspected;
        Errors += sign * m.Errors;
        Conduct += sign * m.ConductEvents;
        Severity += sign * m.ConductSeverity;
        var key = m.Date.Day.ToString("00", CultureInfo.InvariantCulture);
        // A day taken away subtracts the sums only if it added them (days stored before the sums were kept did not).
        if (sign > 0 || (Days.TryGetValue(key, out var was) && was.Sums))
        {
            Help += sign * m.HelpRequests;
            Handle += sign * m.HandleSeconds;
            Scored += sign * m.QualityScored;
            ScoreSum += sign * m.QualityScoreSum;
            Identified += sign * m.IdentifiedCalls;
            Repeats += sign * m.RepeatCalls;
        }
        var workItems = day.Entries.Any(e => e.Period.Kind == LedgerPeriodKind.Day && e.Dimension == Dimension.Workload);
        if (sign > 0) Days[key] = new DayFacts(m.SignedInSeconds, MonthFigures.IsScheduled(m) ? m.ScheduledSeconds : 0, day.Department, workItems) { Sums = true };
        else Days.Remove(key);
        foreach (var entry in day.Entries)
        {
            if (entry.Period.Kind != LedgerPeriodKind.Day) continue;
            Count(Entries, entry.Dimension.ToString(), sign);
            if (entry.Measure is not { } measure) continue;
            var sum = MeasureSum.Of(measure);
            var held = Measures.GetValueOrDefault(entry.Rule) ?? [0, 0];
            held = [held[0] + sign * sum.Millionths, held[1] + sign];
            if (held[1] == 0) Measures.Remove(entry.Rule);
            else Measures[entry.Rule] = held;
        }
        if (ByKind is not null && day.ImportIdsByKind is { } kinds && day.ImportIds.All(id => kinds.Values.Any(ids => ids.Contains(id))))
        {
            foreach (var (kind, ids) in kinds)
            {
                var name = kind.ToPathName();
                if (!ByKind.TryGetValue(name, out var counts)) ByKind[name] = counts = new(StringComparer.Ordinal);
                foreach (var id in ids.Distinct(StringComparer.Ordinal)) Count(counts, id, sign);
                if (counts.Count == 0) ByKind.Remove(name);
            }
            return;
        }
        foreach (var id in day.ImportIds.Distinct(StringComparer.Ordinal)) Count(Imports, id, sign);
        if (ByKind is not null) Unkinded += sign;
    }

    /// <summary>The month as month close reads it; <paramref name="dailyCents"/> are the row's per-dimension totals.</summary>
    public AgentMonthSummary ToSummary(string agentId, Domain.Metrics.YearMonth month, IReadOnlyDictionary<Dimension, long> dailyCents)
    {
        var points = new Dictionary<Dimension, decimal>();
        foreach (var (name, count) in Entries)
        {
            if (count > 0 && Enum.TryParse<Dimension>(name, out var dimension)) points[dimension] = dailyCents.GetValueOrDefault(dimension) / 100m;
        }
        var figures = new MonthFigures
        {
            AnsweredCalls = Calls,
            SurveysPushed = Pushed,
            SurveysAnswered = Answered,
            SurveysSatisfied = Satisfied,
            CallsInspected = Inspected,
            Errors = Errors,
            ConductEvents = Conduct,
            ConductSeverity = Severity,
            HelpRequests = Help,
            HandleSeconds = Handle,
            QualityScored = Scored,
            QualityScoreSum = ScoreSum,
            IdentifiedCalls = Identified,
            RepeatCalls = Repeats,
            HasCallDetailSums = HasDetailSums,
            ScheduledDays = [.. Days.Values.Where(d => d.Scheduled > 0).Select(d => new ScheduledDay(d.SignedIn, d.Scheduled))],
            WorkItemDays = Days.Values.Count(d => d.WorkItems),
            DailyPoints = points,
            Measures = Measures.ToDictionary(m => m.Key, m => new MeasureSum(m.Value[0], (int)m.Value[1]), StringComparer.Ordinal),
        };
        var last = Days.Count == 0 ? null : Days.Values.Last().Department;
        var imports = Imports.Where(i => i.Value > 0).Select(i => i.Key)
            .Concat((ByKind?.Values ?? Enumerable.Empty<SortedDictionary<string, int>>()).SelectMany(counts => counts.Where(i => i.Value > 0).Select(i => i.Key)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new AgentMonthSummary(agentId, month, figures, last, imports) { ImportIdsByKind = KindsOfImports() };
    }

    /// <summary>The month's imports by kind; null while a day's kinds are unknown.</summary>
    private Dictionary<ExportKind, IReadOnlyList<string>>? KindsOfImports()
    {
        if (ByKind is null || Unkinded != 0) return null;
        var byKind = new Dictionary<ExportKind, IReadOnlyList<string>>();
        foreach (var (name, counts) in ByKind)
        {
            if (!ExportKinds.TryParse(name, out var kind)) return null;
            byKind[kind] = [.. counts.Where(i => i.Value > 0).Select(i => i.Key).Order(StringComparer.Ordinal)];
        }
        return byKind;
    }

    private static void Count(SortedDictionary<string, int> counts, string key, int sign)
    {
        var n = counts.GetValueOrDefault(key) + sign;
        if (n == 0) counts.Remove(key);
        else counts[key] = n;
    }

    /// <summary>One day's facts that do not add up across days.</summary>
    public sealed record DayFacts(
        [property: JsonPropertyName("i")] long SignedIn,
        [property: JsonPropertyName("s")] long Scheduled,
        [property: JsonPropertyName("d")] string Department,
        [property: JsonPropertyName("w")] bool WorkItems)
    {
        /// <summary>The day added the help, handle, quality-score and repeat-call sums (false: stored before they were kept).</summary>
        [JsonPropertyName("x")]
        public bool Sums { get; init; }
    }
}
