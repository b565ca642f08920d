using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// 人工效能 E of one agent-day against its peer norm; 100 = a typical peer:
/// E = 100 × (a × clamp(AHT_g / AHT, 0, 2) + (1 − a) × clamp(v / v_g, 0, 2)) × min(1, Ti / Ts).
/// </summary>
public readonly record struct EfficiencyIndex(
    double E,
    double AverageHandleSeconds,
    double CallsPerHour,
    double SignedInShare,
    PeerNorm Norm)
{
    /// <summary>Null when the agent-day has no E (no calls, no time record, no schedule) or no peers.</summary>
    public static EfficiencyIndex? Compute(AgentDayMetrics day, PeerNorm? norm, double a)
    {
        if (norm is null || !PeerNorms.IsPeer(day)) return null;
        var aht = (double)day.HandleSeconds / day.AnsweredCalls;
        var perHour = day.AnsweredCalls * 3600.0 / day.ScheduledSeconds;
        // A zero-second AHT (a data glitch) is as fast as the clamp allows, rather than a division by zero.
        var ahtRatio = aht > 0 ? norm.MedianHandleSeconds / aht : (norm.MedianHandleSeconds > 0 ? 2 : 1);
        var rateRatio = norm.MedianCallsPerHour > 0 ? perHour / norm.MedianCallsPerHour : 1;
        var signedIn = (double)day.SignedInSeconds / day.ScheduledSeconds;
        var e = 100 * (a * Math.Clamp(ahtRatio, 0, 2) + (1 - a) * Math.Clamp(rateRatio, 0, 2)) * Math.Min(1, signedIn);
        return new EfficiencyIndex(e, aht, perHour, signedIn, norm);
    }
}
