using System.Text;
using CsvHelper;

namespace Serverless.Domain.Exports;

/// <summary>Reads a <c>roster</c> export (花名册) into <see cref="RosterRecord"/>s; a second row for an agent is a bad row.</summary>
internal sealed class RosterRowReader() : RowReader(ExportSchema.Roster)
{
    private const int Agent = 0, Name = 1, Department = 2, Specialty = 3, Team = 4, HireDate = 5, Status = 6;

    private readonly AgentTable<string> agents = new();
    private readonly List<RosterRecord> roster = [];

    public override RowVerdict Read(CsvReader record, long row, RowErrorLog errors)
    {
        var agent = Field(record, Agent);
        if (AgentId(agent) is { } agentProblem)
        {
            return Bad(record, row, errors, Agent, agentProblem, agent);
        }
        for (var column = Name; column <= Specialty; column++)
        {
            if (Field(record, column).IsEmpty)
            {
                return Missing(record, row, errors, column);
            }
        }
        DateOnly? hireDate = null;
        var text = Field(record, HireDate);
        if (!text.IsEmpty)
        {
            if (Utf8Fields.Date(text, out var date) is { } problem)
            {
                return Bad(record, row, errors, HireDate, problem, text);
            }
            hireDate = date;
        }
        text = Field(record, Status);
        if (!TryStatus(text, out var status))
        {
            return Bad(record, row, errors, Status, RowErrorReasons.UnknownValue, text);
        }
        if (agents.Contains(agent))
        {
            return Bad(record, row, errors, Agent, RowErrorReasons.DuplicateAgent, agent);
        }
        roster.Add(new RosterRecord(
            agents.GetOrAdd(agent, static id => id),
            Encoding.UTF8.GetString(Field(record, Name)),
            Encoding.UTF8.GetString(Field(record, Department)),
            Encoding.UTF8.GetString(Field(record, Specialty)),
            Encoding.UTF8.GetString(Field(record, Team)),
            hireDate,
            status));
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with { Roster = roster };

    /// <summary>Empty = active: a roster lists the people on it.</summary>
    private static bool TryStatus(ReadOnlySpan<byte> s, out RosterStatus status)
    {
        status = s.IsEmpty || Ascii.EqualsIgnoreCase(s, "active"u8) || s.SequenceEqual("在岗"u8) ? RosterStatus.Active
            : Ascii.EqualsIgnoreCase(s, "left"u8) || s.SequenceEqual("离职"u8) ? RosterStatus.Left
            : (RosterStatus)(-1);
        return status >= 0;
    }
}
