using FsCheck;
using FsCheck.Fluent;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>
/// One generated day of a center: agents in a handful of departments and specialties (calls with hold, after-call work,
/// help and short calls; late minutes), and the same day in an FsCheck shuffle (replayed by the seed FsCheck prints).
/// </summary>
public sealed record DayScenario((AgentDayMetrics Metrics, string Department, string Specialty)[] Agents, (AgentDayMetrics Metrics, string Department, string Specialty)[] Shuffled);

public static class ScoringArbitraries
{
    public static Arbitrary<DayScenario> Days()
    {
        var agent = from department in Gen.Elements("D1", "D2", "D3")
                    from specialty in Gen.Elements("S1", "S2")
                    select (department, specialty);
        var gen = from placements in Gen.ListOf(agent).Select(l => l.Take(40).ToArray())
                  from metrics in Gen.CollectToArray(Enumerable.Range(0, placements.Length), i => CenterArbitraries.Metrics($"a{i:D2}", Day1))
                  let agents = metrics.Select((m, i) => (m, placements[i].department, placements[i].specialty)).ToArray()
                  from shuffled in Gen.Shuffle(agents)
                  select new DayScenario(agents, shuffled);
        return Arb.From(gen);
    }
}
