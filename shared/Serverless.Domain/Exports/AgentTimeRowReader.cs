using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>Reads an <c>agent-time</c> export (one row per agent for the day, from workforce management).</summary>
/// <remarks>A second row for the same agent is a bad row, not added: a repeated line must not double a schedule.</remarks>
internal sealed class AgentTimeRowReader(DateOnly fileDate) : RowReader(ExportSchema.AgentTime)
{
    private const int Agent = 0, Date = 1, Scheduled = 2, SignedIn = 3, NotReady = 4, Adherence = 5, LateMinutes = 6;

    private readonly AgentTable<AgentDayMetrics> agents = new();

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
        Span<int> seconds = stackalloc int[3];
        for (var i = 0; i < 3; i++)
        {
            text = Field(record, Scheduled + i);
            if (text.IsEmpty)
            {
                return Missing(record, row, errors, Scheduled + i);
            }
            if (Utf8Fields.Duration(text, out seconds[i]) is { } problem)
            {
                return Bad(record, row, errors, Scheduled + i, problem, text);
            }
        }
        double? adherence = null;
        text = Field(record, Adherence);
        if (!text.IsEmpty)
        {
            if (Utf8Fields.Rate(text, out var rate) is { } problem)
            {
                return Bad(record, row, errors, Adherence, problem, text);
            }
            adherence = rate;
        }
        var late = 0;
        text = Field(record, LateMinutes);
        if (!text.IsEmpty && Utf8Fields.Count(text, out late) is { } lateProblem)
        {
            return Bad(record, row, errors, LateMinutes, lateProblem, text);
        }
        if (agents.Contains(agent))
        {
            return Bad(record, row, errors, Agent, RowErrorReasons.DuplicateAgent, agent);
        }
        var (scheduled, signedIn, notReady) = (seconds[0], seconds[1], seconds[2]);
        agents.GetOrAdd(agent, id => new AgentDayMetrics
        {
            AgentId = id,
            Date = fileDate,
            HasTimeRecord = true,
            ScheduledSeconds = scheduled,
            SignedInSeconds = signedIn,
            NotReadySeconds = notReady,
            Adherence = adherence,
            LateMinutes = late,
        });
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with
    {
        Metrics = [.. agents.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)],
    };
}
