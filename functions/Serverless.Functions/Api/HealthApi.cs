namespace Serverless.Functions.Api;

/// <summary><c>GET /api/health</c>: the HR API is up (the host's key check guards it like every route).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/health", (TimeProvider clock) => TypedResults.Ok(new HealthStatus("healthy", clock.GetUtcNow())))
            .WithName("Health")
            .WithTags("Health");
        return routes;
    }
}

/// <summary>The health answer.</summary>
public sealed record HealthStatus(string Status, DateTimeOffset CheckedAt);
