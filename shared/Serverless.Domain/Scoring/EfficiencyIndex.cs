using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>
/// 人工效能 E of one agent-day against its peer norm; 100 = a typical peer:
/// E = 100 × ((1 − w) × (a × clamp(AHT_g / AHT, 0, 2) + (1 − a) × clamp(v / v_g, 0, 2)) + w × clamp(s / s_g, 0, 2)) × min(1, Ti / Ts),
/// where s is 话务接听占比 (the agent's answered calls ÷ the calls the peer scope answered that day) and s_g a typical
/// peer's share (the scope's median N ÷ the same total); w = 0 (the presets) is exactly the index without s.
/// </summary>
/// <param name="AnswerShare">s, the agent's answer share; 0 when w is 0.</param>
/// <param name="NormAnswerShare">s_g, the scope's median answer share; 0 when w is 0.</param>
public readonly record struct EfficiencyIndex(
    double E,
    double AverageHandleSeconds,
    double CallsPerHour,
    double SignedInShare,
    PeerNorm Norm,
    double AnswerShare = 0,
    double NormAnswerShare = 0)
{
    /// <summary>
    /// Null when the agent-day has no E (no calls, no time record, no schedule) or no peers, or when
    /// <paramref name="answerShareWeight"/> is above 0 and the norm carries no answer-share figures.
    /// </summary>
    public static EfficiencyIndex? Compute(AgentDayMetrics day, PeerNorm? norm, double a, double answerShareWeight = 0)
    {
        if (norm is null || !PeerNorms.IsPeer(day)) return null;
        var aht = (double)day.HandleSeconds / day.AnsweredCalls;
        var perHour = day.AnsweredCalls * 3600.0 / day.ScheduledSeconds;
        // A zero-second AHT (a data glitch) is as fast as the clamp allows, rather than a division by zero.
        var ahtRatio = aht > 0 ? norm.MedianHandleSeconds / aht : (norm.MedianHandleSeconds > 0 ? 2 : 1);
        var rateRatio = norm.MedianCallsPerHour > 0 ? perHour / norm.MedianCallsPerHour : 1;
        var signedIn = (double)day.SignedInSeconds / day.ScheduledSeconds;
        if (answerShareWeight <= 0)
        {
            // Today's index, computed exactly as it always was (the presets' w is 0: every figure unchanged).
            var e = 100 * (a * Math.Clamp(ahtRatio, 0, 2) + (1 - a) * Math.Clamp(rateRatio, 0, 2)) * Math.Min(1, signedIn);
            return new EfficiencyIndex(e, aht, perHour, signedIn, norm);
        }
        if (!norm.HasAnswerShare) return null;
        // s / s_g = (N / ΣN) / (median N / ΣN) = N / median N: the agent's volume against a typical peer's, in the
        // same scope (department + specialty, or the fallback) whose AHT and v medians E already uses.
        var share = (double)day.AnsweredCalls / norm.AnsweredTotal;
        var normShare = norm.MedianAnswered / norm.AnsweredTotal;
        var shareRatio = day.AnsweredCalls / norm.MedianAnswered;
        var core = a * Math.Clamp(ahtRatio, 0, 2) + (1 - a) * Math.Clamp(rateRatio, 0, 2);
        var weighted = 100 * ((1 - answerShareWeight) * core + answerShareWeight * Math.Clamp(shareRatio, 0, 2)) * Math.Min(1, signedIn);
        return new EfficiencyIndex(weighted, aht, perHour, signedIn, norm, share, normShare);
    }
}
