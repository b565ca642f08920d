using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>Everything one month close computed, before anything is written: the rules, every agent's month, the ranking.</summary>
public sealed record MonthCloseResult(YearMonth Month, RulesDocument Rules, IReadOnlyList<ScoredAgentMonth> Scores, MonthRankingResult Ranking, IReadOnlyList<AgentMonthStanding> Standings)
{
    /// <summary>The points and stars this close records per scored agent, ranked or not (an agent who left still earned them).</summary>
    public IReadOnlyList<ClosedMonthPoints> ClosedPoints(int version)
    {
        var ranked = Ranking.Rows.ToDictionary(r => r.AgentId, r => r.Stars, StringComparer.Ordinal);
        return Standings
            .Where(s => s.ScheduledDays > 0 || s.MonthPoints != 0m || ranked.ContainsKey(s.AgentId))
            .Select(s => new ClosedMonthPoints(
                s.AgentId, Month, version, s.MonthPoints,
                ranked.TryGetValue(s.AgentId, out var stars) ? stars : StarLevel.Of(s.CumulativeAfter, Rules.Stars, s.PreviousStars)))
            .ToList();
    }
}
