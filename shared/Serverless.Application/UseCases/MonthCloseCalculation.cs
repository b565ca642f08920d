using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>
/// The pure middle of month close: scores each agent's month (<see cref="MonthScorer"/>), turns roster, totals and the
/// closed months before into <see cref="AgentMonthStanding"/>s, and ranks them. Reads no store and no clock.
/// </summary>
public static class MonthCloseCalculation
{
    /// <summary>The close over whole months as read day by day (tests, and stores without summaries).</summary>
    public static MonthCloseResult Compute(
        YearMonth month,
        RulesDocument rules,
        IReadOnlyList<AgentMonthRecord> records,
        IReadOnlyList<RosterRecord> roster,
        IReadOnlyList<Entry<AwardRecord>> awards,
        IReadOnlyDictionary<string, AgentStanding> standings,
        IReadOnlyList<PointsAdjustment>? adjustments = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Compute(month, rules, [.. records.Select(AgentMonthSummary.Of)], roster, awards, standings, adjustments);
    }

    /// <summary>
    /// The close over each agent's month summary (what month close reads from the store), with the awards and the
    /// leader adjustments (临时加减分, the workload scheme's Q) entered for the month.
    /// </summary>
    public static MonthCloseResult Compute(
        YearMonth month,
        RulesDocument rules,
        IReadOnlyList<AgentMonthSummary> months,
        IReadOnlyList<RosterRecord> roster,
        IReadOnlyList<Entry<AwardRecord>> awards,
        IReadOnlyDictionary<string, AgentStanding> standings,
        IReadOnlyList<PointsAdjustment>? adjustments = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(awards);
        ArgumentNullException.ThrowIfNull(standings);

        var scorer = new MonthScorer(rules);
        var people = new Dictionary<string, RosterRecord>(StringComparer.Ordinal);
        foreach (var person in roster) people[person.AgentId] = person;
        var awardsOf = awards
            .Where(a => a.Month == month)
            .GroupBy(a => a.Value.AgentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var monthlyReads = rules.Monthly.ToDictionary(r => r.RuleName, r => r.Reads, StringComparer.Ordinal);
        var adjustmentsOf = (adjustments ?? [])
            .Where(a => YearMonth.Of(a.Date) == month)
            .GroupBy(a => a.AgentId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var scores = new List<ScoredAgentMonth>(months.Count);
        var monthStandings = new List<AgentMonthStanding>(Math.Max(months.Count, roster.Count));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in months.OrderBy(r => r.AgentId, StringComparer.Ordinal))
        {
            if (record.Month != month || !seen.Add(record.AgentId))
                throw new ArgumentException($"The agent-month store returned {record.AgentId}@{record.Month} for a close of {month}; expected one record per agent of {month}.", nameof(months));
            people.TryGetValue(record.AgentId, out var person);
            // The month counts for the department the roster has at close; an agent off the roster keeps the last scored one.
            var department = person?.Department ?? record.LastDepartment ?? DayNorms.Unassigned;
            var score = scorer.Score(new MonthInput
            {
                AgentId = record.AgentId,
                Month = month,
                Department = department,
                Figures = record.Figures,
                Awards = [.. (awardsOf.GetValueOrDefault(record.AgentId) ?? []).Select(a => a.Value)],
                Adjustments = adjustmentsOf.GetValueOrDefault(record.AgentId) ?? [],
            });
            scores.Add(new ScoredAgentMonth(record.AgentId, score, record.ImportIds)
            {
                EntryImportIds = EntryImports(record, score, monthlyReads, awardsOf.GetValueOrDefault(record.AgentId) ?? []),
            });
            monthStandings.Add(Standing(month, record.AgentId, person, department, score.Totals, standings) with
            {
                // Y = w·ΣL + ΣZ + ΣQ is the workload scheme's whole score and applies to every member of the team
                // (积分制考核办法: 适用于全体班员): a day of work items is a day worked, with or without a telephony schedule.
                WorkItemDays = rules.Scheme == RuleScheme.Workload ? score.Totals.WorkItemDays : 0,
            });
        }

        // An active agent with no scored day in the month is listed, not ranked: eligibility needs a scheduled day.
        foreach (var person in people.Values.Where(p => p.Status == RosterStatus.Active && !seen.Contains(p.AgentId)).OrderBy(p => p.AgentId, StringComparer.Ordinal))
        {
            monthStandings.Add(Standing(month, person.AgentId, person, person.Department, totals: null, standings));
        }

        var ranking = MonthRanking.Rank(monthStandings, rules.Bonus, rules.Stars);
        return new MonthCloseResult(month, rules, scores, ranking, monthStandings);
    }

    /// <summary>
    /// Each monthly entry's imports, as the daily entries name theirs: a monthly rule's are those of the exports it reads
    /// (satisfaction and push rate the calls files, full attendance the agent-time files, error-free the quality files),
    /// a team-building entry's those its awards were imported from (none for awards entered through the API), an
    /// adjustment's none (it is entered through the API); a cap, which weighs everything its dimension earned, names the
    /// month's imports and all its awards'. Null (every entry names the month's imports) when the month's imports are
    /// not known by kind.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<string>>? EntryImports(AgentMonthSummary record, MonthScore score, IReadOnlyDictionary<string, IReadOnlyList<ExportKind>> monthlyReads, IReadOnlyList<Entry<AwardRecord>> awards)
    {
        if (record.ImportIdsByKind is null) return null;
        var awardImports = awards
            .Where(a => a.Source.StartsWith(ImportSource, StringComparison.Ordinal))
            .GroupBy(a => MonthScorer.TeamBuildingRule(a.Value.Item, a.Value.Level), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Sorted(g.Select(a => a.Source[ImportSource.Length..])), StringComparer.Ordinal);
        var allAwards = Sorted(awardImports.Values.SelectMany(ids => ids));
        var everything = Sorted(record.ImportIds.Concat(allAwards));
        var imports = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var entry in score.Entries)
        {
            imports[entry.Rule] =
                monthlyReads.TryGetValue(entry.Rule, out var reads) ? record.ImportIdsOf(reads)
                : entry.Rule.StartsWith("team-building:", StringComparison.Ordinal) ? awardImports.GetValueOrDefault(entry.Rule) ?? []
                : entry.Rule == "team-building-half-cap" ? allAwards
                : entry.Rule.StartsWith("adjustment:", StringComparison.Ordinal) ? []
                : everything;
        }
        return imports;
    }

    private const string ImportSource = "import:";

    private static IReadOnlyList<string> Sorted(IEnumerable<string> ids) => [.. ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static AgentMonthStanding Standing(YearMonth month, string agentId, RosterRecord? person, string department, MonthTotals? totals, IReadOnlyDictionary<string, AgentStanding> standings)
    {
        var standing = standings.GetValueOrDefault(agentId) ?? AgentStanding.Empty(agentId);
        return new AgentMonthStanding
        {
            AgentId = agentId,
            Name = person?.Name ?? "",
            Department = department,
            Specialty = person?.Specialty ?? "",
            Team = person?.Team ?? "",
            // Eligibility is "active in the roster": an agent missing from it is not ranked (and not paid).
            Active = person?.Status == RosterStatus.Active,
            ScheduledDays = totals?.ScheduledDays ?? 0,
            MonthPoints = totals?.Points ?? 0m,
            WorkQualityPoints = totals?.Counted(Dimension.WorkQuality) ?? 0m,
            DailyBehaviourPoints = totals?.Counted(Dimension.DailyBehaviour) ?? 0m,
            TeamBuildingPoints = totals?.Counted(Dimension.TeamBuilding) ?? 0m,
            MeanEfficiency = totals?.MeanEfficiency,
            CumulativeBefore = standing.CumulativeBefore(month),
            PreviousStars = standing.StarsBefore(month),
            HireDate = person?.HireDate,
        };
    }
}
