namespace Serverless.Domain.Scoring;

/// <summary>
/// The peer norm (同组基准) of one scope on one day: median AHT (AHT_g) and median calls per scheduled hour (v_g).
/// <see cref="Department"/> is empty at center scope, <see cref="Specialty"/> empty above group scope.
/// </summary>
/// <param name="MedianAnswered">The median answered calls N of the scope's peers, for 话务接听占比 (answer share); 0 when the
/// norms were computed under rules that do not weigh it (<see cref="EfficiencyRules.AnswerShareWeight"/> 0).</param>
/// <param name="AnsweredTotal">The calls the scope's peers answered that day (ΣN); 0 with <paramref name="MedianAnswered"/>.</param>
public sealed record PeerNorm(PeerScope Scope, string Department, string Specialty, int Agents, double MedianHandleSeconds, double MedianCallsPerHour,
    double MedianAnswered = 0, long AnsweredTotal = 0)
{
    /// <summary>True when the norm carries the answer-share figures (every peer has N ≥ 1, so a real median is ≥ 1).</summary>
    public bool HasAnswerShare => MedianAnswered > 0 && AnsweredTotal > 0;
}
