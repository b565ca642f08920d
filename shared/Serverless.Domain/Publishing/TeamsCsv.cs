using CsvHelper;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>
/// Writes <c>teams.csv</c> (团队结果): one line per team, in team name order — ranked members, mean month points, members
/// in any bonus tier and their share, then one <c>tier_{name}</c> column per tier of the rules (UTF-8 with BOM, RFC 4180,
/// injection-escaped). The coverage figures are in the manifest's <c>teams</c>.
/// </summary>
public static class TeamsCsv
{
    public static IReadOnlyList<string> Header(IReadOnlyList<string> tierNames) =>
        ["month", "team", "members", "mean_points", "members_in_tier", "share_in_tier", .. tierNames.Select(t => "tier_" + t)];

    public static void Write(TeamResultsReport report, IReadOnlyList<string> tierNames, YearMonth month, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tierNames);
        using var csv = CsvWriter.Create(destination, PublicationFormat.Csv(byteOrderMark: true), leaveOpen: true);
        csv.WriteHeader([.. Header(tierNames)]);
        foreach (var team in report.Teams)
        {
            csv.WriteField(month.ToString());
            csv.WriteField(team.Team);
            csv.WriteField(team.Members, "");
            csv.WriteField(team.MeanPoints, PublicationFormat.Points);
            csv.WriteField(team.MembersInTier, "");
            csv.WriteField(team.ShareInTier, PublicationFormat.Points);
            foreach (var tier in tierNames) csv.WriteField(team.Tiers.FirstOrDefault(t => t.Tier == tier)?.Members ?? 0, "");
            csv.EndRecord();
        }
        csv.Flush();
    }
}
