namespace Serverless.Domain.Publishing;

/// <summary>
/// What a version carries for payroll besides the ranking: the delta against the version payroll took (from v2 on), the
/// bonuses held back, and how many inquiries on the month were open. <see cref="None"/> for a version with none of these.
/// </summary>
public sealed record PayrollExtras(PayrollDelta? Delta, IReadOnlyList<BonusHold> Holds, int OpenInquiries)
{
    public static PayrollExtras None { get; } = new(null, [], 0);
}
