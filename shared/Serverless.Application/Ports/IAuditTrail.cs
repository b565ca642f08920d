namespace Serverless.Application.Ports;

/// <summary>
/// One change a person made through the HR API (审计记录): who, when, what (kind, the route and the ids in it), why (the
/// reason they gave, if any) and the W3C trace id of the request, so the change can be followed into the logs. Never the
/// request's other content: no names, notes or customer data.
/// </summary>
/// <param name="Id">Unique; for a call with an <c>Idempotency-Key</c> derived from it, so a retried call is recorded once.</param>
/// <param name="At">When the change was answered.</param>
/// <param name="Actor">The caller's name and roles, e.g. <c>wang.li (hr-admin)</c>.</param>
/// <param name="Kind">What kind of change, e.g. <c>award</c>, <c>inquiry-answer</c>, <c>payroll-taken</c>.</param>
/// <param name="Action">Method and route template, e.g. <c>POST /api/awards</c>.</param>
/// <param name="Target">The ids of what changed: route values and the created resource's location.</param>
/// <param name="Reason">The reason the caller gave (body <c>reason</c> or <c>?reason=</c>), if any.</param>
/// <param name="CorrelationId">The request's W3C trace id.</param>
/// <param name="Status">The HTTP status the change was answered with.</param>
public sealed record AuditRecord(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Kind,
    string Action,
    string Target,
    string? Reason,
    string CorrelationId,
    int Status);

/// <summary>One page of audit records, oldest first, and the token for the next page (null on the last).</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, string? Continuation);

/// <summary>
/// The append-only audit trail. There is deliberately no update or delete: a record once appended stays as it is.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Appends a record; appending one whose id is already there (a retried call) leaves the first as it is.</summary>
    Task AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Records from <paramref name="from"/> to <paramref name="to"/> (UTC days, both included), of one kind or all, oldest
    /// first, at most <paramref name="pageSize"/>, continuing after <paramref name="continuation"/> (a token a previous page gave).
    /// </summary>
    /// <exception cref="FormatException">The continuation token is not one this trail gave.</exception>
    Task<AuditPage> QueryAsync(DateOnly from, DateOnly to, string? kind, int pageSize, string? continuation, CancellationToken cancellationToken);
}
