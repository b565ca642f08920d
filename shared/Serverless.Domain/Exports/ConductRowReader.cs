using System.Text;
using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>
/// Reads a <c>conduct</c> export (行为规范: one row per conduct event a supervisor recorded) into each agent's events
/// and their severities summed. The item must be there (an event without one is not an event); the note is never read.
/// </summary>
internal sealed class ConductRowReader(DateOnly fileDate) : RowReader(ExportSchema.Conduct)
{
    private const int Agent = 0, Date = 1, Item = 2, Severity = 3;
    private const int MaxItemBytes = 200;

    private readonly AgentTable<Totals> agents = new();

    public override RowVerdict Read(CsvReader record, long row, RowErrorLog errors)
    {
        var agent = Field(record, Agent);
        if (AgentId(agent) is { } agentProblem)
        {
            return Bad(record, row, errors, Agent, agentProblem, agent);
        }
        var text = Field(record, Date);
        if (FileDate(text, fileDate) is { } dateProblem)
        {
            return Bad(record, row, errors, Date, dateProblem, text);
        }
        text = Field(record, Item);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Item);
        }
        if (text.Length > MaxItemBytes)
        {
            return Bad(record, row, errors, Item, RowErrorReasons.ValueTooLong, text);
        }
        text = Field(record, Severity);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Severity);
        }
        var level = Level(text);
        if (level == 0)
        {
            return Bad(record, row, errors, Severity, RowErrorReasons.UnknownValue, text);
        }
        var totals = agents.GetOrAdd(agent, static id => new Totals(id));
        totals.Events++;
        totals.Severity += level;
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with
    {
        Metrics = [.. agents.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new AgentDayMetrics { AgentId = e.Key, Date = fileDate, ConductEvents = e.Value.Events, ConductSeverity = e.Value.Severity })],
    };

    /// <summary>minor / 轻微 / 1 → 1, moderate / 一般 / 2 → 2, serious / 严重 / 3 → 3; anything else 0.</summary>
    private static int Level(ReadOnlySpan<byte> s) =>
        Ascii.EqualsIgnoreCase(s, "minor"u8) || s.SequenceEqual("轻微"u8) || s.SequenceEqual("1"u8) ? 1
        : Ascii.EqualsIgnoreCase(s, "moderate"u8) || s.SequenceEqual("一般"u8) || s.SequenceEqual("2"u8) ? 2
        : Ascii.EqualsIgnoreCase(s, "serious"u8) || s.SequenceEqual("严重"u8) || s.SequenceEqual("3"u8) ? 3
        : 0;

    private sealed class Totals(string agentId)
    {
        public string AgentId => agentId;
        public int Events;
        public int Severity;
    }
}
