using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Serverless.Domain.Exports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>A generated center under <c>positive-incentive</c>.</summary>
public sealed record PositiveCenter(CenterScenario Center)
{
    public override string ToString() => Center.ToString();
}

/// <summary>A generated center under <c>workload</c>.</summary>
public sealed record WorkloadCenter(CenterScenario Center)
{
    public override string ToString() => Center.ToString();
}

public static class CenterSchemes
{
    public static Arbitrary<CenterScenario> Any() => CenterArbitraries.Centers();

    public static Arbitrary<PositiveCenter> Positive() =>
        Arb.From(CenterArbitraries.Centers().Generator.Select(c => new PositiveCenter(c with { Scheme = RuleScheme.PositiveIncentive, Months = [.. c.Months.Select(m => m with { Days = [.. m.Days.Select(d => d with { Items = [] })] })] })));

    public static Arbitrary<WorkloadCenter> Workload() =>
        Arb.From(CenterArbitraries.Centers().Generator.Select(c => new WorkloadCenter(c with { Scheme = RuleScheme.Workload })));
}

/// <summary>
/// The invariants <c>docs/points-model.md</c> and <c>RULES.md</c> state, over whole generated centers (many agents
/// across departments and specialties, both presets, every award level, adjustments of either sign). Expected values
/// come from the documents' own tables (award values, B and η), not from the scorer. A failing case prints its
/// scenario's seed beside FsCheck's replay seed.
/// </summary>
public sealed class CenterProperties
{
    // points-model.md: activity 1/2/3/5/8, honour 3/5/10/20/40, good deed 2/3/5/8/10, training 1/1/2/3/5 by level
    // (team, department, center, company, national); team and department together count at most 10 a month.
    private static readonly Dictionary<AwardItem, decimal[]> AwardValues = new()
    {
        [AwardItem.Activity] = [1, 2, 3, 5, 8],
        [AwardItem.Honour] = [3, 5, 10, 20, 40],
        [AwardItem.GoodDeed] = [2, 3, 5, 8, 10],
        [AwardItem.Training] = [1, 1, 2, 3, 5],
    };

    // workload.json as RULES.md describes it: w = 1, η single 1 / primary 1.1 / secondary 1.0, B per item code.
    private static readonly Dictionary<string, decimal> B = new(StringComparer.Ordinal)
    {
        ["work-order"] = 1, ["callback"] = 0.5m, ["complaint"] = 3, ["outage-notice"] = 2, ["knowledge-update"] = 2, ["coaching"] = 4,
    };

    private static decimal Eta(WorkItemRole role) => role switch { WorkItemRole.Primary => 1.1m, WorkItemRole.Secondary => 1.0m, _ => 1m };

    /// <summary>Closes every month in order, recording each close in the standings as month close does.</summary>
    private static List<(CenterMonth Month, List<AgentMonthRecord> Records, Serverless.Application.UseCases.MonthCloseResult Close)> CloseInOrder(
        CenterScenario scenario, Dictionary<string, AgentStanding> standings)
    {
        var closes = new List<(CenterMonth, List<AgentMonthRecord>, Serverless.Application.UseCases.MonthCloseResult)>();
        foreach (var month in scenario.Months)
        {
            var close = Center.Close(scenario, month, standings);
            Center.Record(standings, close);
            closes.Add((month, Center.Score(scenario, month), close));
        }
        return closes;
    }

    private static decimal Earned(AgentMonthRecord? record, MonthScore score, Dimension dimension) =>
        (record?.Days.SelectMany(d => d.Entries).Where(e => e.Dimension == dimension).Sum(e => e.Points) ?? 0m)
        + score.Entries.Where(e => e.Dimension == dimension).Sum(e => e.Points);

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Under_positive_incentive_the_caps_and_the_half_cap_hold_for_every_agent_every_month(PositiveCenter center)
    {
        var scenario = center.Center;
        foreach (var (month, records, close) in CloseInOrder(scenario, []))
        {
            var byAgent = records.ToDictionary(r => r.AgentId, StringComparer.Ordinal);
            foreach (var scored in close.Scores)
            {
                var totals = scored.Score.Totals;
                var record = byAgent.GetValueOrDefault(scored.AgentId);
                var awards = month.Awards.Where(a => a.AgentId == scored.AgentId).ToList();
                var half = awards.Where(a => a.Level is AwardLevel.Team or AwardLevel.Department).Sum(a => AwardValues[a.Item][(int)a.Level]);
                var rest = awards.Where(a => a.Level is not (AwardLevel.Team or AwardLevel.Department)).Sum(a => AwardValues[a.Item][(int)a.Level]);
                var because = $"{scenario} {month.Month} {scored.AgentId}";

                Assert.True(Math.Min(half, 10m) + rest == totals.Counted(Dimension.TeamBuilding), $"{because}: team building counted {totals.Counted(Dimension.TeamBuilding)}, half-capped {half} + {rest}");
                Assert.True(Math.Min(Earned(record, scored.Score, Dimension.DailyBehaviour), 30m) == totals.Counted(Dimension.DailyBehaviour), $"{because}: daily behaviour");
                Assert.True(Math.Min(Earned(record, scored.Score, Dimension.WorkQuality), 80m) == totals.Counted(Dimension.WorkQuality), $"{because}: work quality");
                Assert.True(totals.Dimensions.Sum(d => d.Counted) == totals.Points, $"{because}: month points are the counted points");
                Assert.True(totals.Counted(Dimension.DailyBehaviour) <= 30m && totals.Counted(Dimension.WorkQuality) <= 80m, because);
            }
        }
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Under_positive_incentive_no_entry_total_or_ranked_month_is_ever_negative_even_with_deductions_requested(PositiveCenter center)
    {
        var scenario = center.Center;
        foreach (var (month, records, close) in CloseInOrder(scenario, []))
        {
            var because = $"{scenario} {month.Month}";
            Assert.All(records.SelectMany(r => r.Days).SelectMany(d => d.Entries), e => Assert.True(e.Points >= 0, $"{because}: {e.AgentId} {e.Rule} {e.Points}"));
            Assert.All(close.Scores.SelectMany(s => s.Score.Entries), e => Assert.True(e.Points >= 0, $"{because}: {e.AgentId} {e.Rule} {e.Points}"));
            Assert.All(close.Scores, s => Assert.All(s.Score.Totals.Dimensions, d => Assert.True(d.Counted >= 0 && d.Earned >= 0, $"{because}: {s.AgentId} {d}")));
            Assert.All(close.Ranking.Rows, r => Assert.True(r.MonthPoints >= 0 && r.Amount >= 0, $"{because}: {r}"));
            // A deduction a leader asked for is refused with a reason, never booked.
            foreach (var adjustment in month.Adjustments.Where(a => a.Points < 0 && close.Scores.Any(s => s.AgentId == a.AgentId)))
            {
                var entry = close.Scores.Single(s => s.AgentId == adjustment.AgentId).Score.Entries.Single(e => e.Rule == "adjustment:" + adjustment.Id);
                Assert.True(entry.Points == 0 && entry.Reason!.StartsWith("refused:", StringComparison.Ordinal), $"{because}: {entry}");
            }
        }
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Under_workload_Y_is_w_times_the_sum_of_L_plus_Z_plus_Q_and_deductions_with_a_reason_are_negative_points(WorkloadCenter center)
    {
        var scenario = center.Center;
        foreach (var (month, _, close) in CloseInOrder(scenario, []))
        {
            foreach (var scored in close.Scores)
            {
                var because = $"{scenario} {month.Month} {scored.AgentId}";
                var l = month.Days.SelectMany(d => d.Items).Where(i => i.AgentId == scored.AgentId && B.ContainsKey(i.ItemCode)).Sum(i => B[i.ItemCode] * Eta(i.Role) * i.Quantity);
                var z = scored.Score.Entries.Where(e => e.Dimension == Dimension.WorkQuality).Sum(e => e.Points);
                var mine = month.Adjustments.Where(a => a.AgentId == scored.AgentId).ToList();
                var q = mine.Where(a => !string.IsNullOrWhiteSpace(a.Reason)).Sum(a => a.Points);

                Assert.True(1m * l + z + q == scored.Score.Totals.Points, $"{because}: Y = {scored.Score.Totals.Points}, w·ΣL + ΣZ + ΣQ = {l} + {z} + {q}");
                foreach (var adjustment in mine)
                {
                    var entry = scored.Score.Entries.Single(e => e.Rule == "adjustment:" + adjustment.Id);
                    var want = string.IsNullOrWhiteSpace(adjustment.Reason) ? 0m : adjustment.Points;
                    Assert.True(want == entry.Points, $"{because}: {entry.Rule} {entry.Points}, requested {adjustment.Points} reason '{adjustment.Reason}'");
                }
            }
        }
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Stars_never_drop_from_month_to_month_nor_after_a_correction_of_an_earlier_month(PositiveCenter center)
    {
        var scenario = center.Center;
        var standings = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        var levels = new List<Dictionary<string, int>>();
        foreach (var month in scenario.Months)
        {
            var close = Center.Close(scenario, month, standings);
            Center.Record(standings, close);
            var level = standings.ToDictionary(s => s.Key, s => s.Value.Stars, StringComparer.Ordinal);
            if (levels.Count > 0)
            {
                Assert.All(levels[^1], before => Assert.True(level[before.Key] >= before.Value, $"{scenario} {month.Month} {before.Key}: {before.Value}★ → {level[before.Key]}★"));
            }
            Assert.All(close.Ranking.Rows, r => Assert.True(r.Stars >= (standings[r.AgentId].StarsBefore(month.Month)), $"{scenario} {month.Month}: {r}"));
            levels.Add(level);
        }
        if (scenario.Months.Length < 3) return;

        // HR withdraws every award of an earlier month and re-publishes it, then re-publishes the latest month. The month
        // before the latest was closed after the corrected one and keeps the level it gave, so an agent closed in it
        // keeps at least that level in the latest month. (Correcting the very month that reached a level, with no later
        // closed month of the agent's to hold it, takes the level back: docs/worked-examples.md, "Stars after a correction".)
        var random = new Random(scenario.Seed);
        var corrected = scenario.Months[random.Next(scenario.Months.Length - 2)] with { Awards = [] };
        var beforeLatest = scenario.Months[^2].Month;
        var held = standings.Where(s => s.Value.Months.Any(m => m.Month == beforeLatest)).ToDictionary(s => s.Key, s => levels[^2][s.Key], StringComparer.Ordinal);
        Center.Record(standings, Center.Close(scenario, corrected, standings));
        var again = Center.Close(scenario, scenario.Months[^1], standings);
        Center.Record(standings, again);
        foreach (var (agentId, before) in held)
        {
            Assert.True(standings[agentId].Stars >= before, $"{scenario} corrected {corrected.Month}: {agentId} held {before}★ in {beforeLatest}, now {standings[agentId].Stars}★");
        }
        Assert.All(again.Ranking.Rows, r => Assert.True(r.Stars >= held.GetValueOrDefault(r.AgentId), $"{scenario} corrected {corrected.Month}: {r}"));
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Cumulative_points_are_the_sum_of_the_closed_months(CenterScenario scenario)
    {
        var standings = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        var monthPoints = new Dictionary<(string Agent, int Month), decimal>();
        foreach (var (month, _, close) in CloseInOrder(scenario, standings))
        {
            foreach (var s in close.Standings) monthPoints[(s.AgentId, month.Month.Month)] = s.MonthPoints;
            foreach (var row in close.Ranking.Rows)
            {
                var sum = monthPoints.Where(p => p.Key.Agent == row.AgentId && p.Key.Month <= month.Month.Month).Sum(p => p.Value);
                Assert.True(sum == row.CumulativeAfter, $"{scenario} {month.Month} {row.AgentId}: cumulative {row.CumulativeAfter}, months add up to {sum}");
            }
        }
        foreach (var (agentId, standing) in standings)
        {
            var sum = monthPoints.Where(p => p.Key.Agent == agentId).Sum(p => p.Value);
            Assert.True(sum == standing.Cumulative, $"{scenario} {agentId}: standing {standing.Cumulative}, months add up to {sum}");
        }
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void The_ranking_and_every_entry_are_independent_of_input_order(CenterScenario scenario)
    {
        var random = new Random(scenario.Seed);
        var standings = new Dictionary<string, AgentStanding>(StringComparer.Ordinal);
        foreach (var month in scenario.Months)
        {
            var rules = Center.RulesOf(scenario);
            var ordered = Serverless.Application.UseCases.MonthCloseCalculation.Compute(month.Month, rules, Center.Score(scenario, month), Center.Roster(scenario), Center.Awards(month), standings, month.Adjustments);
            // The same month from its days, agents, awards and adjustments in a seeded shuffle (days scored in shuffled order too).
            var shuffledScenario = scenario with { Agents = Center.Shuffle(scenario.Agents, random) };
            var shuffledMonth = month with
            {
                Days = [.. Center.Shuffle(month.Days, random).Select(d => d with { Metrics = Center.Shuffle(d.Metrics, random), Items = Center.Shuffle(d.Items, random) })],
            };
            var records = Center.Shuffle(Center.Score(shuffledScenario, shuffledMonth).Select(r => r with { Days = Center.Shuffle(r.Days, random) }), random);
            var shuffled = Serverless.Application.UseCases.MonthCloseCalculation.Compute(month.Month, rules, records, Center.Shuffle(Center.Roster(scenario), random),
                Center.Shuffle(Center.Awards(month), random), standings, Center.Shuffle(month.Adjustments, random));

            Assert.True(ordered.Ranking.Rows.SequenceEqual(shuffled.Ranking.Rows), $"{scenario} {month.Month}: the ranking changed with the input order");
            var entries = ordered.Scores.ToDictionary(s => s.AgentId, s => s.Score.Entries, StringComparer.Ordinal);
            Assert.All(shuffled.Scores, s => Assert.True(entries[s.AgentId].SequenceEqual(s.Score.Entries), $"{scenario} {month.Month} {s.AgentId}: entries changed with the input order"));
            Center.Record(standings, ordered);
        }
    }

    [Property(Arbitrary = [typeof(CenterSchemes)])]
    public void Tiers_pay_ranks_up_to_the_ceiling_of_their_share_and_a_tie_shares_one_rank_and_one_tier(CenterScenario scenario)
    {
        // points-model.md: A ≤ ⌈0.05 n⌉ (1000), B ≤ ⌈0.10 n⌉ (600), C ≤ ⌈0.15 n⌉ (300); competition ranking (1, 2, 2, 4).
        foreach (var (month, _, close) in CloseInOrder(scenario, []))
        {
            var rows = close.Ranking.Rows;
            var n = rows.Count;
            int Cut(int percent) => (n * percent + 99) / 100;
            for (var i = 0; i < n; i++)
            {
                var r = rows[i];
                var because = $"{scenario} {month.Month}: {r}";
                var tied = i > 0 && (rows[i - 1].MonthPoints, rows[i - 1].WorkQualityPoints, rows[i - 1].MeanEfficiency) == (r.MonthPoints, r.WorkQualityPoints, r.MeanEfficiency)
                    && rows[i - 1].CumulativeAfter - rows[i - 1].MonthPoints == r.CumulativeAfter - r.MonthPoints;
                Assert.True(r.Rank == (tied ? rows[i - 1].Rank : i + 1), because);
                var (tier, amount) = r.Rank <= Cut(5) ? ("A", 1000m) : r.Rank <= Cut(10) ? ("B", 600m) : r.Rank <= Cut(15) ? ("C", 300m) : ((string?)null, 0m);
                Assert.True((tier, amount) == (r.Tier, r.Amount), because);
                if (i > 0) Assert.True(rows[i - 1].MonthPoints >= r.MonthPoints, because);
            }
        }
    }

    [Fact]
    public void The_generated_centers_reach_what_the_properties_are_about()
    {
        // A property over cases that never reach a cap cannot fail when the cap breaks: count, over a seeded sample,
        // the cases that reach each thing the properties check.
        var samples = CenterArbitraries.Centers().Generator.Sample(60, new Rnd(20261207UL, 0x9E3779B97F4A7C15UL), 120);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string what, bool reached) { if (reached) seen[what] = seen.GetValueOrDefault(what) + 1; }
        foreach (var scenario in samples)
        {
            foreach (var positive in new[] { true, false })
            {
                var s = scenario with { Scheme = positive ? RuleScheme.PositiveIncentive : RuleScheme.Workload };
                foreach (var (month, records, close) in CloseInOrder(s, []))
                {
                    var entries = close.Scores.SelectMany(x => x.Score.Entries).ToList();
                    var daily = records.SelectMany(r => r.Days).SelectMany(d => d.Entries).ToList();
                    Count($"{s.Scheme} cap:workQuality", entries.Any(e => e.Rule == "cap:workQuality"));
                    Count($"{s.Scheme} cap:dailyBehaviour", entries.Any(e => e.Rule == "cap:dailyBehaviour"));
                    Count($"{s.Scheme} half cap", entries.Any(e => e.Rule == "team-building-half-cap"));
                    Count($"{s.Scheme} withheld efficiency", daily.Any(e => e.Reason?.StartsWith("withheld:", StringComparison.Ordinal) == true));
                    Count($"{s.Scheme} negative entry", entries.Concat(daily).Any(e => e.Points < 0));
                    Count($"{s.Scheme} star", close.Ranking.Rows.Any(r => r.Stars > 0));
                    Count($"{s.Scheme} tie in a tier", close.Ranking.Rows.Where(r => r.Tier is not null).GroupBy(r => r.Rank).Any(g => g.Count() > 1));
                    Count($"{s.Scheme} work items", daily.Any(e => e.Rule.StartsWith("work-item:", StringComparison.Ordinal) && e.Points > 0));
                }
            }
        }
        string[] wanted =
        [
            "PositiveIncentive cap:workQuality", "PositiveIncentive cap:dailyBehaviour", "PositiveIncentive half cap", "PositiveIncentive withheld efficiency",
            "PositiveIncentive star", "Workload negative entry", "Workload star", "Workload work items", "Workload tie in a tier",
        ];
        Assert.All(wanted, w => Assert.True(seen.GetValueOrDefault(w) >= 3, $"{w}: reached in {seen.GetValueOrDefault(w)} sampled months ({string.Join(", ", seen.Select(x => $"{x.Key}={x.Value}"))})"));
        Assert.False(seen.ContainsKey("PositiveIncentive negative entry"), "a negative entry under positive-incentive");
    }
}
