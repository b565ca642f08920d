using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Serverless.Functions.Api;

/// <summary>The HR API's access wiring: the trusted-headers scheme, the three role policies, problems for refusals.</summary>
public static class ApiAccess
{
    public static IServiceCollection AddHrApiAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessSettings>().BindConfiguration("HrApi:Access").ValidateDataAnnotations().ValidateOnStart();
        services.AddAuthentication(TrustedHeadersAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TrustedHeadersAuthentication>(TrustedHeadersAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.ReadPolicy, p => p.RequireRole(ApiRoles.HrAdmin, ApiRoles.HrReader))
            .AddPolicy(ApiRoles.WritePolicy, p => p.RequireRole(ApiRoles.HrAdmin))
            .AddPolicy(ApiRoles.AwardPolicy, p => p.RequireRole(ApiRoles.HrAdmin, ApiRoles.TeamLead))
            .AddPolicy(ApiRoles.InquiryReadPolicy, p => p.RequireRole(ApiRoles.HrAdmin, ApiRoles.HrReader, ApiRoles.TeamLead))
            .AddPolicy(ApiRoles.SignedInPolicy, p => p.RequireRole(ApiRoles.All));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        return services;
    }

    /// <summary>True when the caller may act for an agent of <paramref name="team"/>: an admin anywhere, a team lead in their own team.</summary>
    public static bool MayAwardIn(this System.Security.Claims.ClaimsPrincipal user, string team) =>
        user.IsInRole(ApiRoles.HrAdmin)
        || (user.IsInRole(ApiRoles.TeamLead) && string.Equals(user.FindFirst(ApiRoles.TeamClaim)?.Value, team, StringComparison.Ordinal));

    /// <summary>Who made the call, for the award's <c>Source</c>.</summary>
    public static string CallerName(this System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name ?? "unnamed";
}
