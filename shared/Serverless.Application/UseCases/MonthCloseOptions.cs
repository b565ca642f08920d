namespace Serverless.Application.UseCases;

/// <summary>Month close settings (section <c>MonthClose</c>).</summary>
public sealed record MonthCloseOptions
{
    /// <summary>
    /// How long a claim on a version protects an attempt without being renewed. The attempt renews it every third of this
    /// while it works (<see cref="ClaimRenewal"/>), so a close may take longer than the lease; a claim not renewed for this
    /// long belongs to an attempt that died, and the next attempt (the timer's retry, HR) takes it over.
    /// </summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an invocation that found another one publishing checks whether it has finished.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long (wall time) such an invocation waits before giving up with "in progress" so the host retries later.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Hold an agent's bonus while they have an open inquiry (申诉) on the month: the version lists the bonus in
    /// <c>bonus.csv</c> with the hold and leaves it out of <c>payroll.csv</c>; the re-publication after HR's answer
    /// releases it (it appears in that version's <c>payroll-delta.csv</c>). Off unless set.
    /// </summary>
    public bool HoldBonusWhileInquiryOpen { get; init; }

    /// <summary>Ledger transactions of monthly entries the close keeps in flight.</summary>
    public int LedgerParallelism { get; init; } = 16;
}
