using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Functions.Api;

/// <summary>Payroll's mark on a version: which version, who marked it and when, and whether this call added it.</summary>
public sealed record PayrollTakenResponse(string Month, int Version, string TakenBy, DateTimeOffset TakenAt, string PayrollFile);

/// <summary>
/// <c>POST /api/months/{month}/payroll/{version}/taken</c>: payroll says it took (paid from) a published version; the
/// next re-publication's <c>payroll-delta.csv</c> is against the highest version so marked (against v1 while none is).
/// Marking the same version again answers the first mark (200, <c>Idempotent-Replayed: true</c>), a version not published is 404. hr-admin only.
/// </summary>
public static class PayrollApi
{
    public static IEndpointRouteBuilder MapPayrollApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/months/{month}/payroll/{version}/taken", TakenAsync).WithTags("Months").WithName("MarkPayrollTaken")
            .RequireAuthorization(ApiRoles.WritePolicy).WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default))
            .WithDescription("Marks a published version as taken by payroll: 201 the first time, 200 with the first mark after. The next re-publication's payroll-delta.csv is against the highest version marked taken (v1 while none is); the manifest's payrollDelta.againstVersion says which.");
        return routes;
    }

    private static async Task<Results<Created<PayrollTakenResponse>, Ok<PayrollTakenResponse>, ValidationProblem, ProblemHttpResult>> TakenAsync(
        string month, int version, HttpResponse response, ClaimsPrincipal user, IPublicationStore publications, IPayrollTakenStore taken, TimeProvider clock, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (!ApiInput.TryMonth(month, out var parsed)) return ApiProblem.Invalid("month", "month must be yyyy-MM.");
        if (version < 1) return ApiProblem.Invalid("version", "version starts at 1.");
        var versions = await publications.ListAsync(parsed, cancellationToken);
        if (!versions.Any(v => v.Version == version && v.State == PublicationState.Complete))
        {
            return ApiProblem.NotFound($"{parsed} has no published version {version}; GET /api/months/{parsed}/files/manifest.json names the latest.");
        }
        var (mark, added) = await taken.MarkAsync(new PayrollTaken(parsed, version, user.CallerName(), clock.GetUtcNow()), cancellationToken);
        var answer = new PayrollTakenResponse(parsed.ToString(), mark.Version, mark.TakenBy, mark.TakenAt,
            $"/api/months/{parsed}/files/{MonthPublication.PayrollCsvName}?version={mark.Version}");
        if (added)
        {
            ApiLog.PayrollTaken(logs.CreateLogger(typeof(PayrollApi)), parsed.ToString(), mark.Version, user.CallerName());
            return TypedResults.Created(answer.PayrollFile, answer);
        }
        // Marked already: nothing changed, so the audit trail keeps only the first mark.
        response.Headers[EntryApi.ReplayedHeader] = "true";
        return TypedResults.Ok(answer);
    }
}
