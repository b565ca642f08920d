using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Exports;

/// <summary>Reads a <c>quality</c> export (one row per inspected call) into calls inspected and errors per agent.</summary>
internal sealed class QualityRowReader(DateOnly fileDate) : RowReader(ExportSchema.Quality)
{
    private const int Agent = 0, Date = 1, Score = 3, Error = 4;

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
        // The score feeds mean-quality-score; an empty one is an inspection without a score, not a 0.
        text = Field(record, Score);
        var score = 0m;
        if (!text.IsEmpty && Utf8Fields.Number(text, out score) is { } scoreProblem)
        {
            return Bad(record, row, errors, Score, scoreProblem, text);
        }
        var scored = !text.IsEmpty;
        text = Field(record, Error);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Error);
        }
        if (Utf8Fields.Boolean(text, out var isError) is { } errorProblem)
        {
            return Bad(record, row, errors, Error, errorProblem, text);
        }
        var totals = agents.GetOrAdd(agent, static id => new Totals(id));
        totals.CallsInspected++;
        if (scored)
        {
            totals.Scored++;
            totals.ScoreSum += score;
        }
        if (isError)
        {
            totals.Errors++;
        }
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with
    {
        Metrics = [.. agents.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new AgentDayMetrics { AgentId = e.Key, Date = fileDate, CallsInspected = e.Value.CallsInspected, Errors = e.Value.Errors, QualityScored = e.Value.Scored, QualityScoreSum = e.Value.ScoreSum })],
    };

    private sealed class Totals(string agentId)
    {
        public string AgentId => agentId;
        public int CallsInspected;
        public int Errors;
        public int Scored;
        public decimal ScoreSum;
    }
}
