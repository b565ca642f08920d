using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using static Serverless.Domain.Tests.Scoring.ScoringFixtures;

namespace Serverless.Domain.Tests.Scoring;

/// <summary>Drafts and approval of rules versions: four eyes, withdrawal, and only approved versions in a rule book.</summary>
public sealed class RulesApprovalTests
{
    private static readonly DateTimeOffset Posted = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Posted.AddHours(3);
    private static readonly DateOnly Today = new(2026, 11, 10);
    private static readonly RulesDocument December = Positive with { Version = "2026.12", EffectiveFrom = new DateOnly(2026, 12, 1) };
    private static readonly RuleBook InForce = RuleBook.Create([Positive]).Value!;

    [Fact]
    public void A_draft_is_not_in_the_rule_book_until_another_admin_approves_it()
    {
        var draft = RulesVersionState.Draft(December, "wang.li", Posted);
        var december = new DateOnly(2026, 12, 5);

        Assert.Equal("2026.1", RuleBook.Approved([RulesVersionState.Seeded(Positive), draft]).Value!.InForceOn(december)!.Version);

        var decision = draft.Approve("zhao.min", Later, Today, rescore: false, InForce);

        Assert.Null(decision.Refusal);
        Assert.Equal(RulesStatus.Approved, decision.Version!.Status);
        Assert.Equal(new RulesStep("zhao.min", Later), decision.Version.Approval);
        Assert.Equal(new RulesStep("wang.li", Posted), decision.Version.Posted);
        var book = RuleBook.Approved([RulesVersionState.Seeded(Positive), decision.Version]).Value!;
        Assert.Equal("2026.12", book.InForceOn(december)!.Version);
        Assert.Equal("2026.1", book.InForceOn(new DateOnly(2026, 11, 30))!.Version);
    }

    [Theory]
    [InlineData("wang.li")]
    [InlineData("WANG.LI ")]
    public void The_author_cannot_approve_their_own_version(string approver)
    {
        var decision = RulesVersionState.Draft(December, "wang.li", Posted).Approve(approver, Later, Today, false, InForce);

        Assert.Equal(RulesRefusalKind.SelfApproval, decision.Refusal!.Kind);
        Assert.True(decision.Refusal.Forbidden);
        Assert.Null(decision.Version);
    }

    [Fact]
    public void A_caller_without_a_name_cannot_approve()
    {
        var decision = RulesVersionState.Draft(December, "wang.li", Posted).Approve(null, Later, Today, false, InForce);

        Assert.Equal(RulesRefusalKind.Unnamed, decision.Refusal!.Kind);
        Assert.True(decision.Refusal.Forbidden);
    }

    [Fact]
    public void A_withdrawn_draft_cannot_be_approved_and_a_second_withdrawal_is_a_repeat()
    {
        var withdrawn = RulesVersionState.Draft(December, "wang.li", Posted).Withdraw("wang.li", Later, " typo in the caps ").Version!;

        Assert.Equal(RulesStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(new RulesStep("wang.li", Later), withdrawn.Withdrawal);
        Assert.Equal("typo in the caps", withdrawn.WithdrawalReason);
        Assert.Equal(RulesRefusalKind.Withdrawn, withdrawn.Approve("zhao.min", Later, Today, false, InForce).Refusal!.Kind);
        Assert.True(withdrawn.Withdraw("zhao.min", Later.AddHours(1), null).Repeat);
        Assert.Null(RuleBook.Approved([RulesVersionState.Seeded(Positive), withdrawn]).Value!.Versions.FirstOrDefault(v => v.Version == "2026.12"));
    }

    [Fact]
    public void An_approved_version_is_not_withdrawn_and_approving_it_again_is_a_repeat_only_for_its_approver()
    {
        var approved = RulesVersionState.Draft(December, "wang.li", Posted).Approve("zhao.min", Later, Today, false, InForce).Version!;

        Assert.Equal(RulesRefusalKind.AlreadyApproved, approved.Withdraw("wang.li", Later, null).Refusal!.Kind);
        Assert.True(approved.Approve("zhao.min", Later.AddHours(1), Today, false, InForce).Repeat);
        Assert.Equal(Later, approved.Approve("zhao.min", Later.AddHours(1), Today, false, InForce).Version!.Approval!.At);
        Assert.Equal(RulesRefusalKind.AlreadyApproved, approved.Approve("sun.yu", Later, Today, false, InForce).Refusal!.Kind);
        Assert.Equal(RulesRefusalKind.AlreadyApproved, RulesVersionState.Seeded(Positive).Approve("sun.yu", Later, Today, false, InForce).Refusal!.Kind);
    }

    [Fact]
    public void A_draft_whose_date_has_passed_is_approved_only_with_a_rescore_which_lists_the_days_by_month()
    {
        var october = RulesVersionState.Draft(Positive with { Version = "2026.10b", EffectiveFrom = new DateOnly(2026, 10, 20) }, "wang.li", Posted);

        var refused = october.Approve("zhao.min", Later, Today, rescore: false, InForce);
        var approved = october.Approve("zhao.min", Later, Today, rescore: true, InForce).Version!;

        Assert.Equal(RulesRefusalKind.EffectiveDatePassed, refused.Refusal!.Kind);
        Assert.False(refused.Refusal.Forbidden);
        Assert.Contains("21 day(s)", refused.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(
            [new RescoreRange(new YearMonth(2026, 10), new DateOnly(2026, 10, 20), new DateOnly(2026, 10, 31)), new RescoreRange(new YearMonth(2026, 11), new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 9))],
            approved.NeedsRescore(Today));
        Assert.Empty(RulesVersionState.Draft(December, "wang.li", Posted).NeedsRescore(Today));
        Assert.Empty(RulesVersionState.Draft(December with { EffectiveFrom = Today }, "wang.li", Posted).NeedsRescore(Today));
    }

    [Fact]
    public void A_draft_taking_effect_on_the_day_of_a_version_in_force_is_refused_at_approval()
    {
        var book = RuleBook.Create([Positive, December]).Value!;
        var rival = RulesVersionState.Draft(December with { Version = "2026.12b" }, "wang.li", Posted);

        var decision = rival.Approve("zhao.min", Later, Today, false, book);

        Assert.Equal(RulesRefusalKind.Conflict, decision.Refusal!.Kind);
        Assert.Contains("2026-12-01", decision.Refusal.Message, StringComparison.Ordinal);
    }
}
