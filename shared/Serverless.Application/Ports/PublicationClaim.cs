using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>What an attempt to publish one version records when it claims it: who, when, why, and the generation time its files carry.</summary>
public sealed record PublicationClaim(YearMonth Month, int Version, string AttemptId, DateTimeOffset ClaimedAt, DateTimeOffset GeneratedAt, string? Reason);
