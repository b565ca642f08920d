namespace Serverless.Functions.Api;

/// <summary>The HR API's log lines: ids and counts only, never names or anything a customer said or dialled.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(LogLevel.Information, "Roster upsert of {Count} agents by {Caller}")]
    public static partial void RosterUpserted(ILogger logger, int count, string caller);

    [LoggerMessage(LogLevel.Information, "Award {AwardId} ({Item}/{Level}) for agent {AgentId} recorded by {Caller}")]
    public static partial void AwardRecorded(ILogger logger, string awardId, string item, string level, string agentId, string caller);

    [LoggerMessage(LogLevel.Information, "Award {AwardId} of agent {AgentId} reversed by {Caller}")]
    public static partial void AwardReversed(ILogger logger, string awardId, string agentId, string caller);

    [LoggerMessage(LogLevel.Information, "Adjustment {AdjustmentId} for agent {AgentId} recorded by {Caller}")]
    public static partial void AdjustmentRecorded(ILogger logger, string adjustmentId, string agentId, string caller);

    [LoggerMessage(LogLevel.Information, "Adjustment {AdjustmentId} of agent {AgentId} reversed by {Caller}")]
    public static partial void AdjustmentReversed(ILogger logger, string adjustmentId, string agentId, string caller);

    [LoggerMessage(LogLevel.Information, "Rules version {Version} effective {EffectiveFrom} added as a draft by {Caller}")]
    public static partial void RulesAdded(ILogger logger, string version, DateOnly effectiveFrom, string caller);

    [LoggerMessage(LogLevel.Information, "Rules version {Version} effective {EffectiveFrom} approved by {Caller}")]
    public static partial void RulesApproved(ILogger logger, string version, DateOnly effectiveFrom, string caller);

    [LoggerMessage(LogLevel.Information, "Rules version {Version} withdrawn by {Caller}")]
    public static partial void RulesWithdrawn(ILogger logger, string version, string caller);

    [LoggerMessage(LogLevel.Information, "Month {Month} published as version {Version} by {Caller}")]
    public static partial void Republished(ILogger logger, string month, int version, string caller);

    [LoggerMessage(LogLevel.Information, "Month {Month} not published for {Caller}: {Status}")]
    public static partial void NotRepublished(ILogger logger, string month, string status, string caller);

    [LoggerMessage(LogLevel.Information, "Re-score of {Month} queued as job {JobId} by {Caller}")]
    public static partial void RescoreQueued(ILogger logger, string month, string jobId, string caller);

    [LoggerMessage(LogLevel.Information, "What-if of rules {Version} on {Month} queued as job {JobId} by {Caller}")]
    public static partial void WhatIfQueued(ILogger logger, string version, string month, string jobId, string caller);

    [LoggerMessage(LogLevel.Information, "Inquiry {InquiryId} on agent {AgentId} ({Month}) opened by {Caller}")]
    public static partial void InquiryOpened(ILogger logger, string inquiryId, string agentId, string month, string caller);

    [LoggerMessage(LogLevel.Information, "Inquiry {InquiryId} answered {Outcome} by {Caller}")]
    public static partial void InquiryAnswered(ILogger logger, string inquiryId, string outcome, string caller);

    [LoggerMessage(LogLevel.Information, "Month {Month} version {Version} marked taken by payroll ({Caller})")]
    public static partial void PayrollTaken(ILogger logger, string month, int version, string caller);
}
