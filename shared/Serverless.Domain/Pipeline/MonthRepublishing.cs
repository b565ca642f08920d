using Serverless.Domain.Metrics;
using Serverless.Domain.Ports;

namespace Serverless.Domain.Pipeline;

/// <summary>
/// The HR API's re-publication over <see cref="MonthPublisher"/>: only a month that was closed can be re-published
/// (null otherwise, so the API can say "close it first"); an unchanged ranking answers with the version in force.
/// </summary>
public sealed class MonthRepublishing(MonthPublisher publisher) : IMonthPublishing
{
    public async Task<Ports.PublishedVersion?> RepublishAsync(YearMonth month, string reason, CancellationToken cancellationToken)
    {
        var status = await publisher.GetPublicationAsync(month, cancellationToken);
        if (status.Latest is null) return null;
        var outcome = await publisher.RepublishAsync(month, reason, cancellationToken);
        switch (outcome.Status)
        {
            case MonthCloseStatus.Published when outcome.Manifest is { } manifest:
                return new Ports.PublishedVersion(month, manifest.Version, manifest.RulesVersion, manifest.GeneratedAt, manifest.Reason);
            case MonthCloseStatus.Unchanged:
                var latest = status.Latest.Manifest;
                return new Ports.PublishedVersion(month, latest.Version, latest.RulesVersion, latest.GeneratedAt, latest.Reason);
            default:
                // In progress, no rules, no data: nothing was written; the caller sees why and may retry.
                throw new InvalidOperationException(outcome.Message);
        }
    }
}
