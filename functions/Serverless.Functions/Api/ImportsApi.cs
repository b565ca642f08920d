using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;

namespace Serverless.Functions.Api;

/// <summary>
/// Imports: <c>GET /api/imports?date=&amp;kind=&amp;status=</c> (one business day: the day bounds the list) and
/// <c>GET /api/imports/{date}/{importId}/report</c>, the report JSON whose row errors are masked for personal columns.
/// </summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("", ListAsync).WithName("ListImports");
        group.MapGet("/{date}/{importId}/report", ReportAsync).WithName("GetImportReport");
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ImportSummary>>, ValidationProblem>> ListAsync(
        string? date, string? kind, string? status, IImportLog imports, Serverless.Application.UseCases.MonthCompletenessCheck completeness, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryDate(date, out var day)) errors["date"] = ["date (yyyy-MM-dd, the business day of the exports) is required."];
        ExportKind? parsedKind = null;
        if (kind is not null)
        {
            if (ExportKinds.TryParse(kind, out var k)) parsedKind = k;
            else errors["kind"] = ["kind must be one of calls, agent-time, quality, awards, work-items, roster."];
        }
        ImportStatus? parsedStatus = null;
        if (status is not null)
        {
            if (Enum.TryParse<ImportStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _)) parsedStatus = s;
            else errors["status"] = [$"status must be one of {string.Join(", ", Enum.GetNames<ImportStatus>())}."];
        }
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var records = await imports.ListAsync(day, parsedKind, parsedStatus, cancellationToken);
        // A file received after its month's v1 was published is reported as such: it changes nothing published until HR re-publishes.
        var closedAt = records.Count == 0 ? null : await completeness.ClosedAtAsync(Serverless.Domain.Metrics.YearMonth.Of(day), cancellationToken);
        IReadOnlyList<ImportSummary> list = records.OrderBy(r => r.ReceivedAt).Select(r => Summary(r) with { AfterClose = closedAt is { } c && r.ReceivedAt > c }).ToList();
        return TypedResults.Ok(list);
    }

    private static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> ReportAsync(
        string date, string importId, IImportLog imports, IReportFiles reports, CancellationToken cancellationToken)
    {
        if (!ApiInput.TryDate(date, out var day)) return ApiProblem.Invalid("date", "date must be yyyy-MM-dd.");
        if (!ApiInput.IsValidId(importId)) return ApiProblem.Invalid("importId", ApiInput.IdRule("importId"));
        var record = (await imports.ListAsync(day, null, null, cancellationToken)).FirstOrDefault(r => r.ImportId == importId);
        if (record is null) return ApiProblem.NotFound($"No import {importId} on {date}; GET /api/imports?date={date} lists that day's imports.");
        var report = record.ReportBlob is null ? null : await reports.OpenAsync(record.ReportBlob, cancellationToken);
        if (report is null) return ApiProblem.NotFound($"Import {importId} has no report (its report was removed).");
        return TypedResults.Stream(report, "application/json; charset=utf-8");
    }

    private static ImportSummary Summary(ImportRecord r) => new(
        r.ImportId, r.Kind.ToPathName(), r.Date, r.Source, r.BlobName, r.Status.ToString(), r.DataRows, r.AcceptedRows, r.BadRows,
        r.Supersedes, r.RejectionReason, r.ReceivedAt,
        r.ReportBlob is null ? null : $"/api/imports/{r.Date:yyyy-MM-dd}/{r.ImportId}/report",
        r.DuplicateOf, r.DuplicateOfBlob, r.DuplicateOf is null ? null : $"/api/imports/{r.Date:yyyy-MM-dd}/{r.DuplicateOf}/report");
}
