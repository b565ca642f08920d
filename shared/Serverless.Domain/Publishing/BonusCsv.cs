using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>Writes <c>bonus.csv</c> (积分奖金): the paid agents only, best first, with a <c>hold</c> column for bonuses held back (UTF-8 with BOM, RFC 4180, injection-escaped).</summary>
public static class BonusCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["month", "rank", "agent_id", "name", "department", "specialty", "team", "month_points", "tier", "amount_cny", "hold"];

    /// <summary>The agent ids of a published <c>bonus.csv</c> (everyone who earned a tier that month, held bonuses included).</summary>
    /// <exception cref="InvalidDataException">The file has no <c>agent_id</c> column.</exception>
    public static IReadOnlyList<string> ReadAgentIds(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var reader = CsvReader.Create(content, CsvReaderOptions.Default with { HasHeader = false, Separator = ',' });
        if (!reader.Read()) return [];
        var column = Array.IndexOf(reader.Current.ToArray(), "agent_id");
        if (column < 0) throw new InvalidDataException("bonus.csv has no agent_id column.");
        var ids = new List<string>();
        while (reader.Read())
        {
            var fields = reader.Current.ToArray();
            if (fields.Length <= column) continue;
            var id = fields[column];
            // Written with CSV-injection escaping: a text cell starting with = + - @, tab or CR got a leading apostrophe.
            if (id.Length > 1 && id[0] == '\'' && "=+-@\t\r".Contains(id[1], StringComparison.Ordinal)) id = id[1..];
            if (id.Length > 0) ids.Add(id);
        }
        return ids;
    }

    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination) => Write(rows, month, destination, holds: null);

    /// <summary>
    /// As <see cref="Write(IReadOnlyList{MonthRankingRow}, YearMonth, Stream)"/>; an agent whose bonus is held keeps their
    /// line and amount, with the hold's reason in the <c>hold</c> column (empty for everyone else), and is not in <c>payroll.csv</c>.
    /// </summary>
    public static void Write(IReadOnlyList<MonthRankingRow> rows, YearMonth month, Stream destination, IReadOnlyCollection<BonusHold>? holds)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var held = (holds ?? []).ToDictionary(h => h.AgentId, h => h.Reason, StringComparer.Ordinal);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var r in rows.Where(r => r.Tier is not null))
        {
            csv.WriteField(month.ToString());
            csv.WriteField(r.Rank, "");
            csv.WriteField(r.AgentId);
            csv.WriteField(r.Name);
            csv.WriteField(r.Department);
            csv.WriteField(r.Specialty);
            csv.WriteField(r.Team);
            csv.WriteField(r.MonthPoints, PublicationFormat.Points);
            csv.WriteField(r.Tier);
            csv.WriteField(r.Amount, PublicationFormat.Amount);
            csv.WriteField(held.GetValueOrDefault(r.AgentId, ""));
            csv.EndRecord();
        }
        csv.Flush();
    }
}
