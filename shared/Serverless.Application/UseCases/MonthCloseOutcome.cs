using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;

namespace Serverless.Application.UseCases;

/// <summary>The result of a month close or re-publication: a status, the version concerned, and a sentence for logs and HR.</summary>
public sealed record MonthCloseOutcome(MonthCloseStatus Status, YearMonth Month, int? Version, string Message, PublicationManifest? Manifest = null, MonthCompleteness? Completeness = null)
{
    public override string ToString() => Message;
}
