using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Application.Ports;

namespace Serverless.Functions.Api;

/// <summary>One page of the audit trail and the link to the next.</summary>
public sealed record AuditPageResponse(string From, string To, string? Kind, IReadOnlyList<AuditRecord> Records, string? Continuation, string? Next);

/// <summary>
/// <c>GET /api/audit?from=yyyy-MM-dd&amp;to=yyyy-MM-dd&amp;kind=&amp;pageSize=&amp;continuation=</c>: the changes people made
/// (<see cref="AuditTrailRecording"/>), oldest first, paged with a continuation token. HR only (hr-admin, hr-reader). There
/// is no route that changes or removes a record.
/// </summary>
public static class AuditApi
{
    /// <summary>The longest range one query covers.</summary>
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", GetAsync).WithTags("Audit").WithName("GetAuditTrail").RequireAuthorization(ApiRoles.ReadPolicy)
            .WithDescription("The audit trail: every change a person made through the API (who, when, what, reason, trace id), oldest first. from/to are UTC days (both included, at most 366 days); kind is one of roster, award, award-reversal, adjustment, adjustment-reversal, rules, publish, rescore, inquiry, inquiry-answer, payroll-taken (or a newer route's); continuation is the previous page's token.");
        return routes;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ValidationProblem>> GetAsync(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? kind, [FromQuery] int? pageSize, [FromQuery] string? continuation,
        IAuditTrail trail, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryDate(from, out var first)) errors["from"] = ["from (yyyy-MM-dd, UTC) is required."];
        if (!ApiInput.TryDate(to, out var last)) errors["to"] = ["to (yyyy-MM-dd, UTC) is required."];
        else if (errors.Count == 0 && (last < first || last.DayNumber - first.DayNumber >= MaxDays)) errors["to"] = [$"to is on or after from, at most {MaxDays} days in all."];
        if (kind is not null && !ApiInput.IsValidId(kind)) errors["kind"] = [ApiInput.IdRule("kind")];
        if (!ApiInput.TryPageSize(pageSize, out var size, out var sizeError)) errors["pageSize"] = [sizeError!];
        if (continuation is { Length: > 2048 }) errors["continuation"] = ["continuation is the token a previous page gave."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        AuditPage page;
        try
        {
            page = await trail.QueryAsync(first, last, kind, size, continuation, cancellationToken);
        }
        catch (FormatException)
        {
            return ApiProblem.Invalid("continuation", "continuation is not a token this API gave; start again without it.");
        }
        var next = page.Continuation is { } token
            ? $"/api/audit?from={from}&to={to}{(kind is null ? "" : "&kind=" + Uri.EscapeDataString(kind))}&pageSize={size}&continuation={Uri.EscapeDataString(token)}"
            : null;
        return TypedResults.Ok(new AuditPageResponse(from!, to!, kind, page.Records, page.Continuation, next));
    }
}
