using System.Text;
using CsvHelper;

namespace Serverless.Domain.Exports;

/// <summary>Reads an <c>awards</c> export (team-building items, 团队建设) into <see cref="AwardRecord"/>s.</summary>
internal sealed class AwardsRowReader(DateOnly fileDate) : RowReader(ExportSchema.Awards)
{
    private const int Agent = 0, Date = 1, Item = 2, Level = 3, Note = 4;

    private readonly AgentTable<string> agents = new();
    private readonly List<AwardRecord> awards = [];

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
        if (!TryItem(text, out var item))
        {
            return Bad(record, row, errors, Item, RowErrorReasons.UnknownValue, text);
        }
        text = Field(record, Level);
        if (text.IsEmpty)
        {
            return Missing(record, row, errors, Level);
        }
        if (!TryLevel(text, out var level))
        {
            return Bad(record, row, errors, Level, RowErrorReasons.UnknownValue, text);
        }
        var note = Encoding.UTF8.GetString(Field(record, Note));
        awards.Add(new AwardRecord(agents.GetOrAdd(agent, static id => id), fileDate, item, level, note));
        return RowVerdict.Accepted;
    }

    public override ExportReadResult Complete(ExportReadResult result) => result with { Awards = awards };

    private static bool TryItem(ReadOnlySpan<byte> s, out AwardItem item)
    {
        item = Ascii.EqualsIgnoreCase(s, "activity"u8) || s.SequenceEqual("活动参与"u8) ? AwardItem.Activity
            : Ascii.EqualsIgnoreCase(s, "honour"u8) || s.SequenceEqual("荣誉奖项"u8) ? AwardItem.Honour
            : Ascii.EqualsIgnoreCase(s, "good-deed"u8) || s.SequenceEqual("好人好事"u8) ? AwardItem.GoodDeed
            : Ascii.EqualsIgnoreCase(s, "training"u8) || s.SequenceEqual("培训"u8) ? AwardItem.Training
            : (AwardItem)(-1);
        return item >= 0;
    }

    private static bool TryLevel(ReadOnlySpan<byte> s, out AwardLevel level)
    {
        level = Ascii.EqualsIgnoreCase(s, "team"u8) || s.SequenceEqual("班组"u8) ? AwardLevel.Team
            : Ascii.EqualsIgnoreCase(s, "department"u8) || s.SequenceEqual("部门"u8) ? AwardLevel.Department
            : Ascii.EqualsIgnoreCase(s, "center"u8) || s.SequenceEqual("中心"u8) ? AwardLevel.Center
            : Ascii.EqualsIgnoreCase(s, "company"u8) || s.SequenceEqual("公司"u8) ? AwardLevel.Company
            : Ascii.EqualsIgnoreCase(s, "national"u8) || s.SequenceEqual("国家"u8) ? AwardLevel.National
            : (AwardLevel)(-1);
        return level >= 0;
    }
}
