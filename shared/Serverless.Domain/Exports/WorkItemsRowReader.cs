using System.Text;
using CsvHelper;

namespace Serverless.Domain.Exports;

/// <summary>Reads a <c>work-items</c> export (the <c>workload</c> scheme's input) into <see cref="WorkItemRecord"/>s.</summary>
internal sealed class WorkItemsRowReader(DateOnly fileDate) : RowReader(ExportSchema.WorkItems)
{
    private const int Agent = 0, Date = 1, ItemCode = 2, Role = 3, Quantity = 4;

    private readonly AgentTable<string> agents = new();
    private readonly List<WorkItemRecord> items = [];

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
        var code = Field(record, ItemCode);
        if (code.IsEmpty)
        {
            return Missing(record, row, errors, ItemCode);
        }
        text = Field(record, Role);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Role);
        }
        if (!TryRole(text, out var role))
        {
            return Bad(record, row, errors, Role, RowErrorReasons.UnknownValue, text);
        }
        var quantity = 1m;
        text = Field(record, Quantity);
        if (!text.IsEmpty)
        {
            if (Utf8Fields.Number(text, out quantity) is { } problem)
            {
                return Bad(record, row, errors, Quantity, problem, text);
            }
            if (quantity <= 0)
            {
                return Bad(record, row, errors, Quantity, RowErrorReasons.NotPositive, text);
            }
        }
        items.Add(new WorkItemRecord(agents.GetOrAdd(agent, static id => id), fileDate, Encoding.UTF8.GetString(code), role, quantity));
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with { WorkItems = items };

    private static bool TryRole(ReadOnlySpan<byte> s, out WorkItemRole role)
    {
        role = Ascii.EqualsIgnoreCase(s, "single"u8) || s.SequenceEqual("单人"u8) ? WorkItemRole.Single
            : Ascii.EqualsIgnoreCase(s, "primary"u8) || s.SequenceEqual("主要"u8) ? WorkItemRole.Primary
            : Ascii.EqualsIgnoreCase(s, "secondary"u8) || s.SequenceEqual("次要"u8) ? WorkItemRole.Secondary
            : (WorkItemRole)(-1);
        return role >= 0;
    }
}
