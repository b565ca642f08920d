using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Publishing;

/// <summary>
/// One side of a what-if (试算): a month's ranking under one rules version, and each ranked agent's counted points per
/// dimension (what the month's dimension averages are taken over).
/// </summary>
public sealed record WhatIfSide(string RulesVersion, MonthRankingResult Ranking, IReadOnlyDictionary<string, IReadOnlyDictionary<Dimension, decimal>> DimensionPoints);

/// <summary>
/// The ranking diff a rules draft would make to a month (规则试算): every agent ranked on either side with rank, tier,
/// points and bonus before and after; who enters and who leaves each tier; the bonus total before, after and its change;
/// and the mean points per dimension over the ranked agents before and after. Computed from two rankings only, so the
/// diff of the what-if is the diff of the two publications it predicts.
/// </summary>
public sealed record RankingWhatIf(
    YearMonth Month,
    string RulesBefore,
    string RulesAfter,
    int RankedBefore,
    int RankedAfter,
    decimal BonusTotalBefore,
    decimal BonusTotalAfter,
    IReadOnlyList<WhatIfTier> Tiers,
    IReadOnlyList<WhatIfDimension> Dimensions,
    IReadOnlyList<WhatIfAgent> Agents)
{
    /// <summary>The change in the month's bonus total (CNY), after − before.</summary>
    public decimal BonusTotalChange => BonusTotalAfter - BonusTotalBefore;

    /// <summary>Agents ranked on both sides whose rank differs.</summary>
    public int RankMoves => Agents.Count(a => a.RankMove is not null and not 0);

    /// <summary>Agents whose tier (or being ranked at all) differs.</summary>
    public int TierChanges => Agents.Count(a => !string.Equals(a.TierBefore, a.TierAfter, StringComparison.Ordinal));

    /// <summary>The average points are rounded to this many decimals (points carry two).</summary>
    public const int AverageDecimals = 2;

    public static RankingWhatIf Compare(YearMonth month, WhatIfSide before, WhatIfSide after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var was = before.Ranking.Rows.ToDictionary(r => r.AgentId, StringComparer.Ordinal);
        var now = after.Ranking.Rows.ToDictionary(r => r.AgentId, StringComparer.Ordinal);

        var agents = new List<WhatIfAgent>(Math.Max(was.Count, now.Count));
        foreach (var id in was.Keys.Union(now.Keys, StringComparer.Ordinal))
        {
            was.TryGetValue(id, out var b);
            now.TryGetValue(id, out var a);
            var who = a ?? b!;
            agents.Add(new WhatIfAgent(
                id, who.Name, who.Department, who.Team,
                b?.Rank, a?.Rank, b?.Tier, a?.Tier,
                b?.MonthPoints ?? 0m, a?.MonthPoints ?? 0m,
                b?.Amount ?? 0m, a?.Amount ?? 0m));
        }
        // Best after first; agents no longer ranked last, by their rank before; then by id.
        agents.Sort((x, y) =>
        {
            var c = (x.RankAfter ?? int.MaxValue).CompareTo(y.RankAfter ?? int.MaxValue);
            if (c == 0) c = (x.RankBefore ?? int.MaxValue).CompareTo(y.RankBefore ?? int.MaxValue);
            return c != 0 ? c : string.CompareOrdinal(x.AgentId, y.AgentId);
        });

        // The tiers in the order the rules list them: the draft's, then any the rules before had and the draft dropped.
        var tierNames = after.Ranking.Summary.Tiers.Select(t => t.Tier)
            .Concat(before.Ranking.Summary.Tiers.Select(t => t.Tier))
            .Concat(agents.SelectMany(a => new[] { a.TierAfter, a.TierBefore }).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var tiers = tierNames.Select(tier => new WhatIfTier(
            tier,
            agents.Count(a => a.TierBefore == tier),
            agents.Count(a => a.TierAfter == tier),
            [.. agents.Where(a => a.TierAfter == tier && a.TierBefore != tier).Select(a => a.AgentId).Order(StringComparer.Ordinal)],
            [.. agents.Where(a => a.TierBefore == tier && a.TierAfter != tier).Select(a => a.AgentId).Order(StringComparer.Ordinal)],
            before.Ranking.Summary.Tiers.FirstOrDefault(t => t.Tier == tier)?.Total ?? 0m,
            after.Ranking.Summary.Tiers.FirstOrDefault(t => t.Tier == tier)?.Total ?? 0m)).ToList();

        var dimensions = new List<WhatIfDimension>
        {
            new("month", Mean(before.Ranking.Rows.Select(r => r.MonthPoints)), Mean(after.Ranking.Rows.Select(r => r.MonthPoints))),
        };
        foreach (var dimension in Enum.GetValues<Dimension>())
        {
            var b = PointsOf(before, dimension);
            var a = PointsOf(after, dimension);
            if (!b.Any && !a.Any) continue;
            dimensions.Add(new WhatIfDimension(Name(dimension), Mean(b.Points), Mean(a.Points)));
        }

        return new RankingWhatIf(
            month, before.RulesVersion, after.RulesVersion,
            before.Ranking.Rows.Count, after.Ranking.Rows.Count,
            before.Ranking.Summary.TotalAmount, after.Ranking.Summary.TotalAmount,
            tiers, dimensions, agents);
    }

    /// <summary>The ranked agents' counted points of one dimension, and whether any ranked agent has the dimension at all.</summary>
    private static (IReadOnlyList<decimal> Points, bool Any) PointsOf(WhatIfSide side, Dimension dimension)
    {
        var any = false;
        var points = new List<decimal>(side.Ranking.Rows.Count);
        foreach (var row in side.Ranking.Rows)
        {
            var found = side.DimensionPoints.TryGetValue(row.AgentId, out var of) && of.ContainsKey(dimension);
            any |= found;
            points.Add(found ? of![dimension] : 0m);
        }
        return (points, any);
    }

    /// <summary>The mean of <paramref name="values"/> to <see cref="AverageDecimals"/> decimals; 0 when there are none.</summary>
    public static decimal Mean(IEnumerable<decimal> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        decimal sum = 0m;
        var n = 0;
        foreach (var v in values)
        {
            sum += v;
            n++;
        }
        return n == 0 ? 0m : Math.Round(sum / n, AverageDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>The dimension's name as the rules files and the API spell it (<c>workQuality</c>, …).</summary>
    public static string Name(Dimension dimension) => System.Text.Json.JsonSerializer.Serialize(dimension).Trim('"');
}

/// <summary>
/// One agent of a what-if: rank, tier, month points and bonus before and after (a side the agent is not ranked on has no
/// rank and no tier, and 0 points and bonus).
/// </summary>
public sealed record WhatIfAgent(
    string AgentId,
    string Name,
    string Department,
    string Team,
    int? RankBefore,
    int? RankAfter,
    string? TierBefore,
    string? TierAfter,
    decimal PointsBefore,
    decimal PointsAfter,
    decimal AmountBefore,
    decimal AmountAfter)
{
    /// <summary>Places moved up (positive) or down (negative); null when the agent is ranked on one side only.</summary>
    public int? RankMove => RankBefore is { } b && RankAfter is { } a ? b - a : null;

    public decimal AmountChange => AmountAfter - AmountBefore;
}

/// <summary>One bonus tier of a what-if: members before and after, who enters it and who leaves it, and its total (CNY).</summary>
public sealed record WhatIfTier(string Tier, int MembersBefore, int MembersAfter, IReadOnlyList<string> Entered, IReadOnlyList<string> Left, decimal TotalBefore, decimal TotalAfter);

/// <summary>Mean counted points of one dimension (or <c>month</c>: the month's points) over the ranked agents, before and after.</summary>
public sealed record WhatIfDimension(string Dimension, decimal AverageBefore, decimal AverageAfter);
