namespace Serverless.Domain.Publishing;

/// <summary>Star level (星级) from cumulative points.</summary>
public static class StarLevel
{
    /// <summary>The highest threshold reached by <paramref name="cumulativePoints"/>, never below <paramref name="previousStars"/>.</summary>
    public static int Of(decimal cumulativePoints, IReadOnlyList<StarThreshold> thresholds, int previousStars = 0)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var reached = 0;
        foreach (var threshold in thresholds)
        {
            // Thresholds are not assumed sorted: the rules file lists them, but a max is cheap and order-proof.
            if (cumulativePoints >= threshold.CumulativePoints && threshold.Stars > reached) reached = threshold.Stars;
        }
        // Under positive-incentive stars never drop, even if a correction lowers cumulative points.
        return Math.Max(reached, previousStars);
    }
}
