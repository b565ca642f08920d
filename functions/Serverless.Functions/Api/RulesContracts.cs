using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>The rules versions (规则版本库) — drafts, approved and withdrawn — and which approved one scores today.</summary>
public sealed record RulesVersions(string? InForceToday, IReadOnlyList<RulesVersionSummary> Versions);

/// <summary>
/// One rules version: its scheme, name, the first day it scores once approved, and its approval state —
/// <c>draft</c> (posted, never scores), <c>approved</c> (in force from its date) or <c>withdrawn</c> — with who and when
/// for each step (<c>posted</c>, <c>approved</c>, <c>withdrawn</c>; absent for versions in force without approval: the
/// presets and versions stored before approvals existed). An approval of a version whose date had passed lists the
/// months to re-score in <c>needsRescore</c>.
/// </summary>
public sealed record RulesVersionSummary(
    string Version,
    string Scheme,
    DateOnly EffectiveFrom,
    string? Description,
    string Document,
    string Status,
    RulesStep? Posted,
    RulesStep? Approved,
    RulesStep? Withdrawn,
    string? WithdrawalReason,
    IReadOnlyList<RescoreMonth>? NeedsRescore = null);

/// <summary>A month whose days <c>from</c>–<c>to</c> were scored under the version in force before; <c>rescore</c> is the route that re-scores it.</summary>
public sealed record RescoreMonth(string Month, DateOnly From, DateOnly To, string Rescore);

/// <summary>
/// An approval: an optional <c>reason</c> (kept in the audit trail), and <c>rescore: true</c> to approve a version whose
/// effectiveFrom has already passed (the answer lists the months to re-score).
/// </summary>
public sealed record ApprovalInput(string? Reason, bool Rescore = false);

/// <summary>One thing wrong with a posted rules file, at its 1-based line and column (0 when not from the file).</summary>
public sealed record RulesFileError(int Line, int Column, string Path, string Message);

/// <summary>A what-if: the month (<c>yyyy-MM</c>, started) to preview the rules version on.</summary>
public sealed record WhatIfInput(string? Month);
