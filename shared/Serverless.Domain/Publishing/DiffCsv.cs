using CsvHelper;

namespace Serverless.Domain.Publishing;

/// <summary>Writes <c>diff.csv</c>: one line per agent who moved between two versions (UTF-8 with BOM, RFC 4180, injection-escaped).</summary>
public static class DiffCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "agent_id", "name", "department", "change", "rank_before", "rank_after", "points_before", "points_after",
        "tier_before", "tier_after", "amount_before_cny", "amount_after_cny", "amount_delta_cny",
    ];

    public static void Write(PublicationDiff diff, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(diff);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true);
        csv.WriteHeader([.. Header]);
        foreach (var c in diff.Changes)
        {
            csv.WriteField(c.AgentId);
            csv.WriteField(c.Name);
            csv.WriteField(c.Department);
            csv.WriteField(Kind(c.Kind));
            csv.WriteField(c.RankBefore, "");
            csv.WriteField(c.RankAfter, "");
            csv.WriteField(c.PointsBefore, PublicationFormat.Points);
            csv.WriteField(c.PointsAfter, PublicationFormat.Points);
            csv.WriteField(c.TierBefore);
            csv.WriteField(c.TierAfter);
            csv.WriteField(c.AmountBefore, PublicationFormat.Amount);
            csv.WriteField(c.AmountAfter, PublicationFormat.Amount);
            // A negative delta is written as a number, so it is not mistaken for a formula and escaped.
            csv.WriteField(c.AmountDelta, PublicationFormat.Amount);
            csv.EndRecord();
        }
        csv.Flush();
    }

    private static string Kind(AgentChangeKind kind) => kind switch
    {
        AgentChangeKind.Added => "added",
        AgentChangeKind.Removed => "removed",
        _ => "changed",
    };
}
