using Serverless.Domain.Metrics;

namespace Serverless.Domain.Scoring;

/// <summary>Where a rules version stands. Only an approved version is ever in force (<see cref="RuleBook.Approved"/>).</summary>
public enum RulesStatus
{
    /// <summary>Posted, waiting for a second hr-admin; never scores.</summary>
    Draft,

    /// <summary>Approved (or stored before drafts existed, or a preset seeded at start): in force from its effectiveFrom.</summary>
    Approved,

    /// <summary>Withdrawn before approval; never scores and cannot be approved. Its name stays taken.</summary>
    Withdrawn,
}

/// <summary>One step of a version's life: who (the caller's name as the audit trail records it) and when.</summary>
public sealed record RulesStep(string By, DateTimeOffset At);

/// <summary>Why an approval or a withdrawal was refused; <see cref="Forbidden"/> ones are the caller's, the others the version's state.</summary>
public enum RulesRefusalKind
{
    /// <summary>The caller has no name, so four eyes cannot be told from two.</summary>
    Unnamed,

    /// <summary>The author approving their own version.</summary>
    SelfApproval,

    /// <summary>The version was withdrawn.</summary>
    Withdrawn,

    /// <summary>Already approved by someone else (approval) or approved at all (withdrawal).</summary>
    AlreadyApproved,

    /// <summary>Its effectiveFrom has passed and the caller did not ask to re-score the days since.</summary>
    EffectiveDatePassed,

    /// <summary>It cannot join the approved versions (another takes effect on the same day).</summary>
    Conflict,
}

public sealed record RulesRefusal(RulesRefusalKind Kind, string Message)
{
    /// <summary>The caller may not do this (403); the others are the version's state (409).</summary>
    public bool Forbidden => Kind is RulesRefusalKind.Unnamed or RulesRefusalKind.SelfApproval;
}

/// <summary>The outcome of an approval or withdrawal: the version after it, or why not. <see cref="Repeat"/>: nothing changed (the same step again).</summary>
public sealed record RulesDecision(RulesVersionState? Version, RulesRefusal? Refusal, bool Repeat = false);

/// <summary>Days scored under an earlier version that a newly approved one now covers: one range per month, to re-score.</summary>
public sealed record RescoreRange(YearMonth Month, DateOnly From, DateOnly To);

/// <summary>
/// A stored rules version with its approval state (规则审批: 《工作量考核标准》… 报绩效管理小组批准执行). A posted version is a
/// draft; a second hr-admin, not its author, approves it; only then does it take effect from its date. A draft can be
/// withdrawn by any hr-admin, its author included. Each step keeps who and when. Pure: the caller passes the time, the
/// caller's name and today.
/// </summary>
public sealed record RulesVersionState(RulesDocument Document, RulesStatus Status, RulesStep? Posted = null, RulesStep? Approval = null, RulesStep? Withdrawal = null, string? WithdrawalReason = null)
{
    /// <summary>A version posted by <paramref name="author"/> at <paramref name="at"/>, waiting for approval.</summary>
    public static RulesVersionState Draft(RulesDocument document, string author, DateTimeOffset at) => new(document, RulesStatus.Draft, new RulesStep(author, at));

    /// <summary>A version in force without an approval step: a preset seeded at start, or one stored before drafts existed.</summary>
    public static RulesVersionState Seeded(RulesDocument document) => new(document, RulesStatus.Approved);

    /// <summary>
    /// Approves the draft as <paramref name="approver"/> (null: a caller without a name). Refused for its author, for a
    /// withdrawn or already approved version, when it would conflict with <paramref name="approved"/>, and — unless
    /// <paramref name="rescore"/> — when its effectiveFrom is before <paramref name="today"/> (those days were scored under
    /// the version then in force; approving it with <paramref name="rescore"/> lists them, <see cref="NeedsRescore"/>).
    /// The same approver again is a repeat.
    /// </summary>
    public RulesDecision Approve(string? approver, DateTimeOffset at, DateOnly today, bool rescore, RuleBook approved)
    {
        ArgumentNullException.ThrowIfNull(approved);
        if (Status == RulesStatus.Approved)
        {
            return Approval is not null && approver is not null && SameCaller(Approval.By, approver)
                ? new RulesDecision(this, null, Repeat: true)
                : Refuse(RulesRefusalKind.AlreadyApproved, Approval is null
                    ? $"Rules version '{Document.Version}' is already in force (stored before approvals, or a preset)."
                    : $"Rules version '{Document.Version}' was already approved by {Approval.By} at {Approval.At:u}.");
        }
        if (Status == RulesStatus.Withdrawn)
        {
            return Refuse(RulesRefusalKind.Withdrawn, $"Rules version '{Document.Version}' was withdrawn by {Withdrawal?.By} at {Withdrawal?.At:u} and cannot be approved; post it again under a new version name.");
        }
        if (approver is null)
        {
            return Refuse(RulesRefusalKind.Unnamed, "Approving a rules version needs a caller with a name (the principal's name), so that the approver can be told from the author.");
        }
        if (Posted is not null && SameCaller(Posted.By, approver))
        {
            return Refuse(RulesRefusalKind.SelfApproval, $"{approver} posted rules version '{Document.Version}' and cannot approve it; another hr-admin must.");
        }
        if (Document.EffectiveFrom < today && !rescore)
        {
            var days = today.DayNumber - Document.EffectiveFrom.DayNumber;
            return Refuse(RulesRefusalKind.EffectiveDatePassed,
                $"Rules version '{Document.Version}' takes effect {Document.EffectiveFrom:yyyy-MM-dd}, {days} day(s) before today ({today:yyyy-MM-dd}); those days were scored under the version then in force. "
                + "Approve with \"rescore\": true to put it in force from its date and get the months to re-score (POST /api/months/{m}/rescore), or withdraw it and post it with a later effectiveFrom.");
        }
        var combined = RuleBook.Create(approved.Versions.Where(v => v.Version != Document.Version).Append(Document));
        if (!combined.Succeeded)
        {
            return Refuse(RulesRefusalKind.Conflict, $"Rules version '{Document.Version}' conflicts with the versions in force: {string.Join("; ", combined.Errors.Select(e => e.Message))}.");
        }
        return new RulesDecision(this with { Status = RulesStatus.Approved, Approval = new RulesStep(approver, at) }, null);
    }

    /// <summary>Withdraws the draft (any hr-admin, its author included). An approved version is never withdrawn: it may have scored days; a later version replaces it.</summary>
    public RulesDecision Withdraw(string by, DateTimeOffset at, string? reason)
    {
        ArgumentNullException.ThrowIfNull(by);
        return Status switch
        {
            RulesStatus.Withdrawn => new RulesDecision(this, null, Repeat: true),
            RulesStatus.Approved => Refuse(RulesRefusalKind.AlreadyApproved,
                $"Rules version '{Document.Version}' is approved and in force from {Document.EffectiveFrom:yyyy-MM-dd}; an approved version is not withdrawn (days may have been scored under it): post a later version instead."),
            _ => new RulesDecision(this with { Status = RulesStatus.Withdrawn, Withdrawal = new RulesStep(by, at), WithdrawalReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() }, null),
        };
    }

    /// <summary>
    /// The days from its effectiveFrom up to the day before <paramref name="today"/>, by month: scored under the version
    /// in force before this one was approved, so their ledger keeps the old points until the month is re-scored.
    /// </summary>
    public IReadOnlyList<RescoreRange> NeedsRescore(DateOnly today)
    {
        var ranges = new List<RescoreRange>();
        var last = today.AddDays(-1);
        if (Document.EffectiveFrom > last) return ranges;
        for (var month = YearMonth.Of(Document.EffectiveFrom); month.FirstDay <= last; month = YearMonth.Of(month.FirstDay.AddMonths(1)))
        {
            var from = month.FirstDay < Document.EffectiveFrom ? Document.EffectiveFrom : month.FirstDay;
            var to = month.LastDay < last ? month.LastDay : last;
            ranges.Add(new RescoreRange(month, from, to));
        }
        return ranges;
    }

    /// <summary>Names are compared as the identity provider spells them, ignoring case: "Wang.Li" and "wang.li" are one person.</summary>
    private static bool SameCaller(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static RulesDecision Refuse(RulesRefusalKind kind, string message) => new(null, new RulesRefusal(kind, message));
}
