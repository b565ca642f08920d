using Serverless.Domain.Exports;

namespace Serverless.Domain.Scoring;

/// <summary>
/// What the rules say of one award or leader adjustment as it is entered: its value, or whether it is allowed. The HR
/// API asks these instead of reading the rules itself; month close scores the month's entries with
/// <see cref="MonthScorer"/>.
/// </summary>
public static class EntryRules
{
    /// <summary>
    /// What an award is worth under the rules in force on its day, and the version that says so; a refusal (no rules in
    /// force, no team-building section, no value for the item and level, a negative value under positive-incentive)
    /// with 0 points.
    /// </summary>
    public static (decimal Points, string Version, string? Refusal) AwardValue(RuleBook book, AwardRecord award)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(award);
        var rules = book.InForceOn(award.Date);
        if (rules is null) return (0m, "", $"No rules version is in force on {award.Date:yyyy-MM-dd}; the first takes effect {book.Versions[0].EffectiveFrom:yyyy-MM-dd}.");
        if (rules.TeamBuilding is null) return (0m, rules.Version, $"Rules version {rules.Version} scores no awards (no teamBuilding section).");
        if (!rules.TeamBuilding.Values.TryGetValue(AwardNames.Of(award.Item), out var values) || values.Count <= (int)award.Level)
        {
            return (0m, rules.Version, $"Rules version {rules.Version} has no value for {AwardNames.Of(award.Item)} at {AwardNames.Of(award.Level)} level.");
        }
        var points = values[(int)award.Level];
        // The rules loader already refuses negatives under positive-incentive; checked again because an award is money-adjacent.
        if (points < 0 && rules.Scheme == RuleScheme.PositiveIncentive) return (0m, rules.Version, "positive-incentive allows no negative award.");
        return (points, rules.Version, null);
    }

    /// <summary>
    /// Whether the rules in force on an adjustment's day allow it, the dimension it counts in and the version; a refusal
    /// when no rules are in force, the rules take no adjustments, or they allow no deductions and this is one.
    /// </summary>
    public static (Dimension? Dimension, string Version, string? Refusal) AdjustmentAllowed(RuleBook book, PointsAdjustment adjustment)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(adjustment);
        var rules = book.InForceOn(adjustment.Date);
        if (rules is null) return (null, "", $"No rules version is in force on {adjustment.Date:yyyy-MM-dd}; the first takes effect {book.Versions[0].EffectiveFrom:yyyy-MM-dd}.");
        if (rules.Adjustments is not { } allowed) return (null, rules.Version, $"Rules version {rules.Version} allows no leader adjustments (no adjustments section).");
        var dimension = allowed.Dimension;
        if (adjustment.Points < 0 && !allowed.AllowDeductions)
        {
            return (dimension, rules.Version, $"Rules version {rules.Version} allows no deductions ({(rules.Scheme == RuleScheme.PositiveIncentive ? "positive-incentive has none" : "allowDeductions is false")}).");
        }
        return (dimension, rules.Version, null);
    }
}
