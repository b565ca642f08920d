namespace Serverless.Domain.Scoring;

/// <summary>
/// The peer norm (同组基准) of one scope on one day: median AHT (AHT_g) and median calls per scheduled hour (v_g).
/// <see cref="Department"/> is empty at center scope, <see cref="Specialty"/> empty above group scope.
/// </summary>
public sealed record PeerNorm(PeerScope Scope, string Department, string Specialty, int Agents, double MedianHandleSeconds, double MedianCallsPerHour);
