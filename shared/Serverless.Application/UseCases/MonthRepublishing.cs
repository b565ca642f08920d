using Serverless.Domain.Metrics;
using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// The HR API's publication over <see cref="MonthPublisher"/>: v1 for a month never published, v{n+1} for a published
/// one whose ranking changed, the version in force when it did not; a busy close, missing rules, missing data or a
/// month with completeness gaps are results (nothing written), not failures.
/// </summary>
public sealed class MonthRepublishing(MonthPublisher publisher) : IMonthPublishing
{
    /// <summary>
    /// When to try again while another publication is being written: a close of 20,000 agents takes about 20 s, and a
    /// claim whose writer died is taken over after <see cref="MonthCloseOptions.ClaimLease"/>.
    /// </summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<MonthPublishingResult> PublishAsync(YearMonth month, string reason, bool acceptGaps, CancellationToken cancellationToken)
    {
        var outcome = await publisher.RepublishAsync(month, reason, acceptGaps, cancellationToken);
        switch (outcome.Status)
        {
            case MonthCloseStatus.Published when outcome.Manifest is { } manifest:
                return new MonthPublishingResult(MonthPublishingStatus.Published, month,
                    new Ports.PublishedVersion(month, manifest.Version, manifest.RulesVersion, manifest.GeneratedAt, manifest.Reason), outcome.Message);
            case MonthCloseStatus.Unchanged:
                var latest = (await publisher.GetPublicationAsync(month, cancellationToken)).Latest?.Manifest
                    ?? throw new InvalidOperationException($"{month}: the ranking was found unchanged, but no version is published.");
                return new MonthPublishingResult(MonthPublishingStatus.Unchanged, month,
                    new Ports.PublishedVersion(month, latest.Version, latest.RulesVersion, latest.GeneratedAt, latest.Reason), outcome.Message);
            case MonthCloseStatus.InProgress:
                return new MonthPublishingResult(MonthPublishingStatus.Busy, month, null, outcome.Message, BusyRetryAfter);
            case MonthCloseStatus.NoRules:
                return new MonthPublishingResult(MonthPublishingStatus.NoRules, month, null, outcome.Message);
            case MonthCloseStatus.NoData:
                return new MonthPublishingResult(MonthPublishingStatus.NoData, month, null, outcome.Message);
            case MonthCloseStatus.Incomplete:
                return new MonthPublishingResult(MonthPublishingStatus.Incomplete, month, null, outcome.Message, Completeness: outcome.Completeness);
            default:
                // Invalid (a blank reason) is refused by the API before it gets here.
                throw new ArgumentException(outcome.Message, nameof(reason));
        }
    }
}
