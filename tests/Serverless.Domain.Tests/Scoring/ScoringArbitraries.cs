using FsCheck;
using FsCheck.Fluent;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>One generated day of a center: agents in a handful of departments and specialties, and the same day shuffled.</summary>
public sealed record DayScenario((AgentDayMetrics Metrics, string Department, string Specialty)[] Agents, (AgentDayMetrics Metrics, string Department, string Specialty)[] Shuffled);

/// <summary>One agent's generated months: metrics, awards and (possibly negative) leader adjustments.</summary>
public sealed record MonthsScenario(MonthScenario[] Months);

public sealed record MonthScenario(YearMonth Month, AgentDayMetrics[] Days, AwardRecord[] Awards, PointsAdjustment[] Adjustments);

public static class ScoringArbitraries
{
    private static Gen<AgentDayMetrics> Metrics(string agentId, DateOnly date) =>
        from answered in Gen.Choose(0, 60)
        from perCall in Gen.Choose(0, 900)
        from scheduled in Gen.Elements(0L, 14_400L, 28_800L, 28_800L)
        from signedInPermille in Gen.Choose(0, 1100)
        from notReadyPermille in Gen.Choose(0, 400)
        from adherencePermille in Gen.Choose(-100, 1000)
        from shortPercent in Gen.Choose(0, 30)
        from hasTime in Gen.Elements(true, true, true, false)
        from surveys in Gen.Choose(0, 30)
        from unsatisfied in Gen.Choose(0, 2)
        from inspected in Gen.Choose(0, 8)
        from errors in Gen.Choose(0, 1)
        select new AgentDayMetrics
        {
            AgentId = agentId,
            Date = date,
            AnsweredCalls = answered,
            TalkSeconds = (long)answered * perCall,
            ShortCalls = answered * shortPercent / 100,
            HasTimeRecord = hasTime,
            ScheduledSeconds = hasTime ? scheduled : 0,
            SignedInSeconds = hasTime ? scheduled * signedInPermille / 1000 : 0,
            NotReadySeconds = hasTime ? scheduled * signedInPermille / 1000 * notReadyPermille / 1000 : 0,
            Adherence = hasTime && adherencePermille >= 0 ? adherencePermille / 1000.0 : null,
            SurveysPushed = Math.Min(answered, surveys + 1),
            SurveysAnswered = surveys,
            SurveysSatisfied = Math.Max(0, surveys - unsatisfied),
            CallsInspected = inspected,
            Errors = Math.Min(errors, inspected),
        };

    public static Arbitrary<DayScenario> Days()
    {
        var agent = from department in Gen.Elements("D1", "D2", "D3")
                    from specialty in Gen.Elements("S1", "S2")
                    select (department, specialty);
        var gen = from placements in Gen.ListOf(agent).Select(l => l.Take(40).ToArray())
                  from metrics in Gen.CollectToArray(Enumerable.Range(0, placements.Length), i => Metrics($"a{i:D2}", Day1))
                  let agents = metrics.Select((m, i) => (m, placements[i].department, placements[i].specialty)).ToArray()
                  from shuffled in Gen.Shuffle(agents)
                  select new DayScenario(agents, shuffled);
        return Arb.From(gen);
    }

    public static Arbitrary<MonthsScenario> Months()
    {
        var award = from item in Gen.Elements(Enum.GetValues<AwardItem>())
                    from level in Gen.Elements(Enum.GetValues<AwardLevel>())
                    from day in Gen.Choose(1, 28)
                    select (item, level, day);
        var adjustment = from points in Gen.Choose(-20, 20)
                         from day in Gen.Choose(1, 28)
                         select (points, day);
        Gen<MonthScenario> Month(YearMonth month) =>
            from dayNumbers in Gen.SubListOf(Enumerable.Range(1, 28).ToArray())
            from days in Gen.CollectToArray(dayNumbers, d => Metrics("A", new DateOnly(month.Year, month.Month, d)))
            from awards in Gen.ListOf(award).Select(l => l.Take(12).ToArray())
            from adjustments in Gen.ListOf(adjustment).Select(l => l.Take(4).ToArray())
            select new MonthScenario(
                month,
                days,
                [.. awards.Select(a => new AwardRecord("A", new DateOnly(month.Year, month.Month, a.day), a.item, a.level, ""))],
                [.. adjustments.Select((a, i) => new PointsAdjustment($"adj-{i}", "A", new DateOnly(month.Year, month.Month, a.day), a.points, "leader's call"))]);
        var gen = from count in Gen.Choose(1, 6)
                  from months in Gen.CollectToArray(Enumerable.Range(0, count), i => Month(new YearMonth(2026, 1 + i)))
                  select new MonthsScenario(months);
        return Arb.From(gen);
    }
}
