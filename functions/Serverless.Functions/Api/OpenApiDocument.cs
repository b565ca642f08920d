namespace Serverless.Functions.Api;

/// <summary>The HR API's OpenAPI document at <c>/api/openapi.json</c>, generated from the mapped endpoints (only <c>/api</c> routes).</summary>
public static class OpenApiDocument
{
    public const string Route = "/api/openapi.json";

    public static IServiceCollection AddHrApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // The invocation routes belong to the Functions host, not to HR integrators.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Points incentive — HR API";
                document.Info.Description = "Roster, awards, points, rankings and bonus files (payroll deltas, payroll's taken marks), inquiries, the audit trail, imports, rules and the talent pool. "
                    + "Every call needs a function key (x-functions-key) and a role (see ACCESS.md); errors are RFC 7807 problem details.";
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapHrApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Route);
        return routes;
    }
}
