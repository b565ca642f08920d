using Serverless.Domain.Inquiries;

namespace Serverless.Functions.Api;

/// <summary>The ledger entry an inquiry questions: its period (<c>yyyy-MM-dd</c> or <c>yyyy-MM</c>) and rule, as <c>GET /api/agents/{id}/points</c> shows them.</summary>
public sealed record InquiryEntryInput(string? Period, string? Rule);

/// <summary>
/// <c>POST /api/inquiries</c>: an inquiry on an agent's month — on one ledger entry (<see cref="Entry"/>) or, without it,
/// on their month result — with a reason.
/// </summary>
public sealed record InquiryInput(string? AgentId, string? Month, InquiryEntryInput? Entry, string? Reason)
{
    public const int MaxReasonLength = 1000;
}

/// <summary>
/// The correction an acceptance names and its reference: <c>adjustment</c> (the adjustment id), <c>award</c> (the award
/// id), <c>corrected-export</c> (<c>{yyyy-MM-dd}/{importId}</c> of the corrected file's import), <c>rescore</c> (free text,
/// e.g. the day re-scored) or <c>republish</c> (the version number).
/// </summary>
public sealed record CorrectionInput(string? Kind, string? Reference);

/// <summary><c>POST /api/inquiries/{id}/answer</c>: <c>accepted</c> with the correction that follows, or <c>rejected</c>; a reason either way.</summary>
public sealed record InquiryAnswerInput(string? Outcome, string? Reason, CorrectionInput? Correction);

/// <summary>HR's answer as the API shows it.</summary>
public sealed record InquiryAnswerResponse(string Outcome, string Reason, string? CorrectionKind, string? CorrectionReference, string? CorrectionLink, string AnsweredBy, DateTimeOffset AnsweredAt);

public sealed record InquiryResponse(
    string Id, string Month, string AgentId, string Team, string Subject, string? EntryPeriod, string? EntryRule, string Reason,
    string OpenedBy, DateTimeOffset OpenedAt, string State, InquiryAnswerResponse? Answer)
{
    public static InquiryResponse Of(Inquiry i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Id, i.Month.ToString(), i.AgentId, i.Team, InquiryWords.Subject(i.Subject), i.EntryPeriod, i.EntryRule, i.Reason, i.OpenedBy,
            i.OpenedAt.ToUniversalTime(), InquiryWords.State(i.State),
            i.Answer is { } a
                ? new InquiryAnswerResponse(InquiryWords.State(a.Outcome), a.Reason, a.Correction is { } c ? InquiryWords.Correction(c.Kind) : null,
                    a.Correction?.Reference, a.Correction is { } k ? InquiryWords.LinkOf(i, k) : null, a.AnsweredBy, a.AnsweredAt.ToUniversalTime())
                : null);
    }
}

/// <summary>A month's inquiries, and how many are open.</summary>
public sealed record InquiryList(string Month, string? State, int OpenCount, IReadOnlyList<InquiryResponse> Inquiries);

/// <summary>The words the API uses for the inquiry enums (kebab-case), both ways.</summary>
public static class InquiryWords
{
    public static string Subject(InquirySubject subject) => subject == InquirySubject.Entry ? "entry" : "month-result";

    public static string State(InquiryState state) => state switch
    {
        InquiryState.Accepted => "accepted",
        InquiryState.Rejected => "rejected",
        _ => "open",
    };

    public static bool TryState(string? text, out InquiryState state)
    {
        state = text switch { "open" => InquiryState.Open, "accepted" => InquiryState.Accepted, "rejected" => InquiryState.Rejected, _ => (InquiryState)(-1) };
        return Enum.IsDefined(state);
    }

    public static string Correction(CorrectionKind kind) => kind switch
    {
        CorrectionKind.Adjustment => "adjustment",
        CorrectionKind.Award => "award",
        CorrectionKind.CorrectedExport => "corrected-export",
        CorrectionKind.Rescore => "rescore",
        _ => "republish",
    };

    public static bool TryCorrection(string? text, out CorrectionKind kind)
    {
        kind = text switch
        {
            "adjustment" => CorrectionKind.Adjustment,
            "award" => CorrectionKind.Award,
            "corrected-export" => CorrectionKind.CorrectedExport,
            "rescore" => CorrectionKind.Rescore,
            "republish" => CorrectionKind.Republish,
            _ => (CorrectionKind)(-1),
        };
        return Enum.IsDefined(kind);
    }

    /// <summary>Where the correction can be read: the adjustment or award, the import's report, the month's points or manifest.</summary>
    public static string LinkOf(Inquiry inquiry, InquiryCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(inquiry);
        ArgumentNullException.ThrowIfNull(correction);
        var reference = Uri.EscapeDataString(correction.Reference);
        return correction.Kind switch
        {
            CorrectionKind.Adjustment => $"/api/adjustments/{reference}",
            CorrectionKind.Award => $"/api/awards/{reference}?month={inquiry.Month}",
            // The reference of a corrected export is "{business day}/{import id}", as its report's route has it.
            CorrectionKind.CorrectedExport => $"/api/imports/{string.Join('/', correction.Reference.Split('/').Select(Uri.EscapeDataString))}/report",
            CorrectionKind.Rescore => $"/api/agents/{Uri.EscapeDataString(inquiry.AgentId)}/points?from={inquiry.Month.FirstDay:yyyy-MM-dd}&to={inquiry.Month.LastDay:yyyy-MM-dd}",
            _ => $"/api/months/{inquiry.Month}/files/manifest.json?version={reference}",
        };
    }
}
