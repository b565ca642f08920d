using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>
/// HR's publication of an ended month (发布 / 重新发布): version 1 of a month never published (how HR closes a month the
/// timer found empty, or one whose exports came late), otherwise a new numbered version beside the earlier ones with a
/// diff and the reason, never overwriting what payroll was already sent. Implemented by month close.
/// </summary>
public interface IMonthPublishing
{
    /// <summary>Publishes the month's next version with <paramref name="reason"/>; the result says what was written, or why nothing was.</summary>
    Task<MonthPublishingResult> PublishAsync(YearMonth month, string reason, CancellationToken cancellationToken) =>
        PublishAsync(month, reason, acceptGaps: false, cancellationToken);

    /// <summary>
    /// As <see cref="PublishAsync(YearMonth, string, CancellationToken)"/>; with <paramref name="acceptGaps"/> a first
    /// version is published even though the completeness check found gaps (they are listed in its manifest).
    /// </summary>
    Task<MonthPublishingResult> PublishAsync(YearMonth month, string reason, bool acceptGaps, CancellationToken cancellationToken);
}

/// <summary>What an HR publication came to.</summary>
public enum MonthPublishingStatus
{
    /// <summary>A new version was written (v1 for a month never published).</summary>
    Published,

    /// <summary>The ranking is the same as the latest version's: nothing written; <see cref="MonthPublishingResult.Version"/> is the version in force.</summary>
    Unchanged,

    /// <summary>Another publication of the month is being written right now: nothing written; try again after <see cref="MonthPublishingResult.RetryAfter"/>.</summary>
    Busy,

    /// <summary>No rules version is in force on the month's last day: nothing can be scored until one is added.</summary>
    NoRules,

    /// <summary>No agent has a scored day in the month: its exports are not in yet.</summary>
    NoData,

    /// <summary>The month has never been published and has completeness gaps under the <c>wait</c> policy: nothing written; <see cref="MonthPublishingResult.Completeness"/> has them.</summary>
    Incomplete,
}

/// <summary>An HR publication's result: the status, the version concerned (when there is one) and a sentence for HR.</summary>
public sealed record MonthPublishingResult(MonthPublishingStatus Status, YearMonth Month, PublishedVersion? Version, string Message, TimeSpan? RetryAfter = null, Serverless.Domain.Publishing.MonthCompleteness? Completeness = null);

/// <summary>One published version of a month, as the HR API reports it.</summary>
public sealed record PublishedVersion(YearMonth Month, int Version, string RulesVersion, DateTimeOffset GeneratedAt, string? Reason);
