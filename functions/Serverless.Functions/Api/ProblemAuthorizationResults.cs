using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Serverless.Functions.Api;

/// <summary>Turns a refused request into a problem that says which roles the route needs and how to present them.</summary>
public sealed class ProblemAuthorizationResults(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await fallback.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var needed = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        var (status, title, detail) = authorizeResult.Challenged
            ? (StatusCodes.Status401Unauthorized, "No role presented",
                $"This route needs the role {string.Join(" or ", needed)}. Present it through Easy Auth ({ClientPrincipal.HeaderName}) or the front door's {TrustedHeadersAuthentication.RolesHeader} header.")
            : (StatusCodes.Status403Forbidden, "Role not allowed",
                $"This route needs the role {string.Join(" or ", needed)}; the caller has {string.Join(", ", context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value))}.");
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
