using Serverless.Domain.Metrics;

namespace Serverless.Domain.Publishing;

/// <summary>
/// What identifies one published version of a month: version 1 is the month close; later versions are HR re-publications,
/// which need a <see cref="Reason"/>. <see cref="GeneratedAt"/> is passed in (no clock is read) so a rebuild is byte-identical.
/// </summary>
public sealed record PublicationMetadata(YearMonth Month, int Version, string RulesVersion, DateTimeOffset GeneratedAt, string? Reason = null, ManifestCompleteness? Completeness = null);
