using FsCheck;
using FsCheck.Fluent;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>One agent of a generated center: where the roster puts them (or that it does not know them).</summary>
/// <remarks>A <see cref="Fast"/> agent handles calls quickly (often E ≥ 120), a <see cref="Diligent"/> one keeps the schedule
/// (often every daily-behaviour point): over a long month they reach the caps.</remarks>
public sealed record CenterAgent(string Id, string Department, string Specialty, string Team, RosterStatus Status, bool OnRoster, bool Fast = false, bool Diligent = false);

/// <summary>One business day: every agent's metrics that day, and (read only under <c>workload</c>) their work items.</summary>
public sealed record CenterDay(DateOnly Date, AgentDayMetrics[] Metrics, WorkItemRecord[] Items);

public sealed record CenterMonth(YearMonth Month, CenterDay[] Days, AwardRecord[] Awards, PointsAdjustment[] Adjustments);

/// <summary>
/// A generated center over consecutive months under one preset: many agents in three departments and two specialties,
/// calls with hold and after-call work, help requests, short calls, late minutes, surveys and inspections, awards of
/// every item at every level, leader adjustments of either sign (some without a reason) and, under <c>workload</c>,
/// work items of every role. <see cref="Seed"/> drives the shuffles of the order properties; <see cref="ToString"/>
/// prints it (FsCheck prints its own replay seed beside it), so a failing case can be run again.
/// </summary>
public sealed record CenterScenario(RuleScheme Scheme, CenterAgent[] Agents, CenterMonth[] Months, int Seed)
{
    public override string ToString() =>
        $"CenterScenario(scheme={Scheme}, seed={Seed}, agents={Agents.Length}, months={string.Join(",", Months.Select(m => $"{m.Month}:{m.Days.Length}d/{m.Awards.Length}aw/{m.Adjustments.Length}adj"))})";
}

public static class CenterArbitraries
{
    private static readonly string[] ItemCodes = ["work-order", "callback", "complaint", "outage-notice", "knowledge-update", "coaching", "no-such-item"];

    internal static Gen<AgentDayMetrics> Metrics(string agentId, DateOnly date, bool fast = false, bool diligent = false) =>
        from answered in fast ? Gen.Choose(30, 60) : Gen.Choose(0, 60)
        from talk in fast ? Gen.Choose(20, 150) : Gen.Choose(0, 600)
        from hold in fast ? Gen.Choose(0, 20) : Gen.Choose(0, 120)
        from acw in fast ? Gen.Choose(0, 20) : Gen.Choose(0, 120)
        from scheduled in fast || diligent ? Gen.Elements(28_800L, 32_400L) : Gen.Elements(0L, 14_400L, 28_800L, 28_800L, 32_400L)
        from signedInPermille in fast ? Gen.Choose(950, 1100) : diligent ? Gen.Choose(900, 1100) : Gen.Choose(0, 1100)
        from notReadyPermille in diligent ? Gen.Choose(0, 100) : Gen.Choose(0, 300)
        from adherencePermille in diligent ? Gen.Choose(950, 1000) : Gen.Choose(-100, 1000)
        from shortPercent in fast ? Gen.Choose(0, 10) : Gen.Choose(0, 25)
        from helpPercent in Gen.Choose(0, 20)
        from late in Gen.Elements(0, 0, 0, 5, 30, 90)
        from hasTime in fast || diligent ? Gen.Constant(true) : Gen.Elements(true, true, true, true, false)
        from surveyShare in fast ? Gen.Choose(90, 100) : Gen.Choose(0, 100)
        from unsatisfied in Gen.Choose(0, 2)
        from pushedExtra in Gen.Choose(0, 10)
        from inspected in Gen.Choose(0, 6)
        from errors in Gen.Choose(0, 1)
        let surveys = answered * surveyShare / 100
        select new AgentDayMetrics
        {
            AgentId = agentId,
            Date = date,
            AnsweredCalls = answered,
            TalkSeconds = (long)answered * talk,
            HoldSeconds = (long)answered * hold,
            AfterCallWorkSeconds = (long)answered * acw,
            ShortCalls = answered * shortPercent / 100,
            HelpRequests = answered * helpPercent / 100,
            HasTimeRecord = hasTime,
            ScheduledSeconds = hasTime ? scheduled : 0,
            SignedInSeconds = hasTime ? scheduled * signedInPermille / 1000 : 0,
            NotReadySeconds = hasTime ? scheduled * signedInPermille / 1000 * notReadyPermille / 1000 : 0,
            Adherence = hasTime && adherencePermille >= 0 ? adherencePermille / 1000.0 : null,
            LateMinutes = hasTime ? late : 0,
            SurveysPushed = Math.Min(answered, surveys + pushedExtra),
            SurveysAnswered = surveys,
            SurveysSatisfied = Math.Max(0, surveys - unsatisfied),
            CallsInspected = inspected,
            Errors = Math.Min(errors, inspected),
        };

    private static Gen<CenterAgent> Agent(int i) =>
        from department in Gen.Elements("D1", "D2", "D3")
        from specialty in Gen.Elements("S1", "S2")
        from team in Gen.Elements("T1", "T2")
        from status in Gen.Elements(RosterStatus.Active, RosterStatus.Active, RosterStatus.Active, RosterStatus.Active, RosterStatus.Left)
        from onRoster in Gen.Elements(true, true, true, true, true, true, false)
        from fast in Gen.Elements(true, false, false)
        from diligent in Gen.Elements(true, false, false)
        select new CenterAgent($"a{i:D2}", department, specialty, team, status, onRoster, fast, diligent);

    private static Gen<CenterDay> Day(CenterAgent[] agents, DateOnly date, bool workload) =>
        from present in Gen.CollectToArray(agents, _ => Gen.Elements(true, true, true, true, false))
        let here = agents.Where((_, i) => present[i]).ToArray()
        from metrics in Gen.CollectToArray(here, a => Metrics(a.Id, date, a.Fast, a.Diligent))
        from items in workload
            ? Gen.CollectToArray(agents, a => Gen.ListOf(WorkItem(a.Id, date)).Select(l => l.Take(3).ToArray())).Select(x => x.SelectMany(i => i).ToArray())
            : Gen.Constant(Array.Empty<WorkItemRecord>())
        select new CenterDay(date, metrics, items);

    private static Gen<WorkItemRecord> WorkItem(string agentId, DateOnly date) =>
        from code in Gen.Elements(ItemCodes)
        from role in Gen.Elements(WorkItemRole.Single, WorkItemRole.Primary, WorkItemRole.Secondary)
        from quantity in Gen.Choose(1, 3)
        select new WorkItemRecord(agentId, date, code, role, quantity);

    private static Gen<CenterMonth> Month(CenterAgent[] agents, YearMonth month, bool workload)
    {
        var award = from agent in Gen.Elements(agents)
                    from item in Gen.Elements(Enum.GetValues<AwardItem>())
                    from level in Gen.Elements(Enum.GetValues<AwardLevel>())
                    from day in Gen.Choose(1, 28)
                    select new AwardRecord(agent.Id, new DateOnly(month.Year, month.Month, day), item, level, "");
        var adjustment = from agent in Gen.Elements(agents)
                         from points in Gen.Choose(-40, 40)
                         from day in Gen.Choose(1, 28)
                         from reason in Gen.Elements("leader's call", "临时加减分", "", " ")
                         select (agent.Id, points, day, reason);
        return
            // Mostly short months (fast to score); some long enough for the daily-behaviour and work-quality caps.
            from dayCount in Gen.Elements(2, 5, 5, 28)
            from dayNumbers in Gen.Shuffle(Enumerable.Range(1, 28)).Select(l => l.Take(dayCount).Order().ToArray())
            from days in Gen.CollectToArray(dayNumbers, d => Day(agents, new DateOnly(month.Year, month.Month, d), workload))
            from awards in Gen.ListOf(award).Select(l => l.Take(60).ToArray())
            from adjustments in Gen.ListOf(adjustment).Select(l => l.Take(8).ToArray())
            select new CenterMonth(month, days, awards,
                [.. adjustments.Select((a, i) => new PointsAdjustment($"adj-{month}-{i}", a.Id, new DateOnly(month.Year, month.Month, a.day), a.points / 2m, a.reason))]);
    }

    public static Arbitrary<CenterScenario> Centers()
    {
        var gen =
            from scheme in Gen.Elements(RuleScheme.PositiveIncentive, RuleScheme.Workload)
            from count in Gen.Choose(3, 30)
            from agents in Gen.CollectToArray(Enumerable.Range(1, count), Agent)
            from monthCount in Gen.Choose(1, 4)
            from months in Gen.CollectToArray(Enumerable.Range(0, monthCount), i => Month(agents, new YearMonth(2026, 1 + i), scheme == RuleScheme.Workload))
            from seed in Gen.Choose(0, int.MaxValue)
            select new CenterScenario(scheme, agents, months, seed);
        return Arb.From(gen);
    }
}

/// <summary>A center scored and closed as the pipeline does: each day against that day's norms, each month in order.</summary>
internal static class Center
{
    public static RulesDocument RulesOf(CenterScenario scenario) =>
        scenario.Scheme == RuleScheme.PositiveIncentive ? ScoringFixtures.Positive : ScoringFixtures.Workload;

    public static IReadOnlyList<RosterRecord> Roster(CenterScenario scenario) =>
        [.. scenario.Agents.Where(a => a.OnRoster).Select(a => new RosterRecord(a.Id, "", a.Department, a.Specialty, a.Team, null, a.Status))];

    public static IReadOnlyList<Entry<AwardRecord>> Awards(CenterMonth month) =>
        [.. month.Awards.Select((a, i) => new Entry<AwardRecord> { Id = $"aw-{month.Month}-{i}", Value = a, Source = "api:test", RecordedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) })];

    /// <summary>Each agent's scored days of the month: the daily rules against the day's norms, and work items under workload.</summary>
    public static List<AgentMonthRecord> Score(CenterScenario scenario, CenterMonth month, RulesDocument? under = null)
    {
        var rules = under ?? RulesOf(scenario);
        var scorer = new DailyScorer(rules);
        var place = scenario.Agents.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var days = new SortedDictionary<string, List<ScoredDay>>(StringComparer.Ordinal);
        foreach (var day in month.Days)
        {
            var placed = day.Metrics.Select(m => (m, place[m.AgentId].Department, place[m.AgentId].Specialty)).ToArray();
            var entries = scorer.ScoreDay(placed).ToLookup(e => e.AgentId, StringComparer.Ordinal);
            var items = rules.Workload is null ? [] : scorer.ScoreWorkItems(day.Items.Select(i => (i, place[i.AgentId].Department)));
            var itemsOf = items.ToLookup(e => e.AgentId, StringComparer.Ordinal);
            var metricsOf = day.Metrics.ToDictionary(m => m.AgentId, StringComparer.Ordinal);
            foreach (var agentId in metricsOf.Keys.Union(itemsOf.Select(g => g.Key), StringComparer.Ordinal))
            {
                var metrics = metricsOf.GetValueOrDefault(agentId) ?? AgentDayMetrics.Empty(agentId, day.Date);
                var a = place[agentId];
                if (!days.TryGetValue(agentId, out var list)) days[agentId] = list = [];
                list.Add(new ScoredDay(metrics, a.Department, a.Specialty, [.. entries[agentId], .. itemsOf[agentId]], [$"imp-{day.Date:MMdd}"]));
            }
        }
        return [.. days.Select(d => new AgentMonthRecord(d.Key, month.Month, d.Value))];
    }

    public static Serverless.Application.UseCases.MonthCloseResult Close(CenterScenario scenario, CenterMonth month, IReadOnlyDictionary<string, Serverless.Domain.Publishing.AgentStanding> standings, RulesDocument? under = null) =>
        Serverless.Application.UseCases.MonthCloseCalculation.Compute(month.Month, under ?? RulesOf(scenario), Score(scenario, month, under), Roster(scenario), Awards(month), standings, month.Adjustments);

    /// <summary>Records a close in the standings, as month close does (a re-publication replaces its month).</summary>
    public static void Record(Dictionary<string, Serverless.Domain.Publishing.AgentStanding> standings, Serverless.Application.UseCases.MonthCloseResult close)
    {
        foreach (var points in close.ClosedPoints(1))
        {
            standings[points.AgentId] = (standings.GetValueOrDefault(points.AgentId) ?? Serverless.Domain.Publishing.AgentStanding.Empty(points.AgentId)).With(points);
        }
    }

    public static T[] Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return array;
    }
}
