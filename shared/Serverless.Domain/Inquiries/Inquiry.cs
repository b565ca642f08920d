using Serverless.Domain.Metrics;

namespace Serverless.Domain.Inquiries;

/// <summary>What an inquiry questions: one ledger entry of the agent (a day's or the month's rule), or their month result.</summary>
public enum InquirySubject
{
    /// <summary>One ledger entry: <see cref="Inquiry.EntryPeriod"/> and <see cref="Inquiry.EntryRule"/> name it.</summary>
    Entry,

    /// <summary>The agent's published result of the month (rank, tier, bonus).</summary>
    MonthResult,
}

/// <summary>Open until HR answers; then accepted (with the correction that follows) or rejected (with a reason).</summary>
public enum InquiryState
{
    Open,
    Accepted,
    Rejected,
}

/// <summary>The correction an accepted inquiry leads to, so the inquiry links to what changed the points.</summary>
public enum CorrectionKind
{
    Adjustment,
    Award,
    CorrectedExport,
    Rescore,
    Republish,
}

/// <summary>The correction an accepted inquiry names: its kind and a reference to it (adjustment or award id, import id, version…).</summary>
public sealed record InquiryCorrection(CorrectionKind Kind, string Reference);

/// <summary>HR's answer: who, when, accepted or rejected, why, and for an acceptance the correction.</summary>
public sealed record InquiryAnswer(InquiryState Outcome, string Reason, InquiryCorrection? Correction, string AnsweredBy, DateTimeOffset AnsweredAt);

/// <summary>
/// An inquiry (申诉): a team lead (for their own team) or HR questions one ledger entry or one month result of an agent,
/// with a reason; HR answers it once. While open it may hold the agent's bonus (month close's
/// <c>HoldBonusWhileInquiryOpen</c>). The id is the caller's <c>Idempotency-Key</c>.
/// </summary>
public sealed record Inquiry
{
    public required string Id { get; init; }
    public required YearMonth Month { get; init; }
    public required string AgentId { get; init; }
    public required string Team { get; init; }
    public required InquirySubject Subject { get; init; }

    /// <summary>The entry's period as the ledger keys it (<c>yyyy-MM-dd</c> for a day's entry, the month's key for a monthly one); null for a month result.</summary>
    public string? EntryPeriod { get; init; }

    /// <summary>The entry's rule, e.g. <c>efficiency</c>, <c>award:{id}</c>; null for a month result.</summary>
    public string? EntryRule { get; init; }

    public required string Reason { get; init; }
    public required string OpenedBy { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public InquiryAnswer? Answer { get; init; }

    public InquiryState State => Answer?.Outcome ?? InquiryState.Open;

    public bool IsOpen => Answer is null;

    /// <summary>
    /// This inquiry answered, or why it cannot be: answered already (a repeat of the same answer is the same inquiry back),
    /// an acceptance without a correction, a rejection without a reason.
    /// </summary>
    public (Inquiry? Answered, string? Refusal) AnsweredWith(InquiryAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Outcome == InquiryState.Open) return (null, "An answer accepts or rejects the inquiry.");
        if (string.IsNullOrWhiteSpace(answer.Reason)) return (null, "An answer needs a reason: the team lead reads why.");
        if (answer.Outcome == InquiryState.Accepted && answer.Correction is null)
            return (null, "An accepted inquiry names the correction that follows (adjustment, award, corrected export, re-score or re-publish) and its reference.");
        if (answer.Outcome == InquiryState.Rejected && answer.Correction is not null) return (null, "A rejected inquiry leads to no correction.");
        if (Answer is { } earlier)
        {
            return earlier.Outcome == answer.Outcome && earlier.Reason == answer.Reason && earlier.Correction == answer.Correction
                ? (this, null)
                : (null, $"Inquiry {Id} was already answered ({earlier.Outcome.ToString().ToLowerInvariant()}) by {earlier.AnsweredBy}; an answer is final.");
        }
        return (this with { Answer = answer }, null);
    }
}
