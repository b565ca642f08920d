namespace Serverless.Application.UseCases;

/// <summary>What a month close or re-publication came to.</summary>
public enum MonthCloseStatus
{
    /// <summary>A new version was written and is now frozen.</summary>
    Published,
    /// <summary>The scheduled close found the month already published: nothing written.</summary>
    AlreadyPublished,
    /// <summary>A re-publication would have written the same ranking as the latest version: nothing written.</summary>
    Unchanged,
    /// <summary>Another invocation holds the claim and did not finish while this one waited; try again later.</summary>
    InProgress,
    /// <summary>No agent has a scored day in the month: nothing to close, and nothing frozen.</summary>
    NoData,
    /// <summary>No rules version is in force on the month's last day.</summary>
    NoRules,
    /// <summary>
    /// Under the <c>wait</c> policy, a required export of some business day is missing, rejected or still importing: no v1
    /// written; <see cref="MonthCloseOutcome.Completeness"/> lists the gaps.
    /// </summary>
    Incomplete,
    /// <summary>The request itself is wrong (e.g. a re-publication without a reason).</summary>
    Invalid,
}
