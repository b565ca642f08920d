namespace Serverless.Domain.Publishing;

/// <summary>
/// An agent's bonus held back in a version: listed in <c>bonus.csv</c> with the reason in its <c>hold</c> column and left
/// out of <c>payroll.csv</c>, until a later version releases it (month close holds bonuses while the agent's inquiries
/// are open, when <c>MonthClose:HoldBonusWhileInquiryOpen</c> is set).
/// </summary>
/// <param name="AgentId">Whose bonus.</param>
/// <param name="Reason">Why, as the bonus file shows it, e.g. <c>inquiry open: q-17</c>.</param>
public sealed record BonusHold(string AgentId, string Reason);
