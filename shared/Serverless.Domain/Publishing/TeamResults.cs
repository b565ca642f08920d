namespace Serverless.Domain.Publishing;

/// <summary>How many of a team's ranked members one bonus tier reached this month.</summary>
public sealed record TeamTierCount(string Tier, int Members);

/// <summary>One team's month (班组): ranked members, their mean month points, and how many reached each bonus tier.</summary>
public sealed record TeamResult(string Team, int Members, decimal MeanPoints, IReadOnlyList<TeamTierCount> Tiers, int MembersInTier)
{
    /// <summary>Members in any tier over members, to 4 decimals.</summary>
    public decimal ShareInTier => TeamResults.Share(MembersInTier, Members);
}

/// <summary>
/// The coverage figures the seed reports (获奖覆盖面): of the agents ranked this month, how many have ever earned a bonus
/// tier (this month or in any earlier published month), and of the teams, how many have at least one member in a tier
/// this month. Shares are fractions 0..1 to 4 decimals (0 when there is no one to count).
/// </summary>
public sealed record TeamCoverage(int Agents, int AgentsEverInTier, decimal AgentsEverInTierShare, int Teams, int TeamsWithTier, decimal TeamsWithTierShare);

/// <summary>A month's team results: one line per team (team name order) and the coverage figures.</summary>
public sealed record TeamResultsReport(IReadOnlyList<TeamResult> Teams, TeamCoverage Coverage);

/// <summary>
/// Team results at month close (团队结果), pure: from the month's ranking rows (ranked agents only: the ones the bonus
/// tiers are drawn from), the tier names in the rules' order, and the agents who earned a tier in an earlier published
/// month. Agents without a team count in the agents' coverage but belong to no team.
/// </summary>
public static class TeamResults
{
    public static TeamResultsReport Compute(IReadOnlyList<MonthRankingRow> rows, IReadOnlyList<string> tierNames, IReadOnlyCollection<string> tieredBefore)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(tierNames);
        ArgumentNullException.ThrowIfNull(tieredBefore);
        var before = tieredBefore as IReadOnlySet<string> ?? tieredBefore.ToHashSet(StringComparer.Ordinal);

        var teams = rows
            .Where(r => !string.IsNullOrWhiteSpace(r.Team))
            .GroupBy(r => r.Team, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var members = g.ToList();
                var tiers = tierNames.Select(t => new TeamTierCount(t, members.Count(m => string.Equals(m.Tier, t, StringComparison.Ordinal)))).ToList();
                var mean = Math.Round(members.Sum(m => m.MonthPoints) / members.Count, 2, MidpointRounding.AwayFromZero);
                return new TeamResult(g.Key, members.Count, mean, tiers, members.Count(m => m.Tier is not null));
            })
            .ToList();

        var agents = rows.Select(r => r.AgentId).Distinct(StringComparer.Ordinal).Count();
        var ever = rows.Where(r => r.Tier is not null || before.Contains(r.AgentId)).Select(r => r.AgentId).Distinct(StringComparer.Ordinal).Count();
        var withTier = teams.Count(t => t.MembersInTier > 0);
        return new TeamResultsReport(teams, new TeamCoverage(agents, ever, Share(ever, agents), teams.Count, withTier, Share(withTier, teams.Count)));
    }

    /// <summary><paramref name="part"/> of <paramref name="whole"/> as a fraction to 4 decimals; 0 of nothing is 0.</summary>
    public static decimal Share(int part, int whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}
