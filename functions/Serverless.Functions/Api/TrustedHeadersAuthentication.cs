using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Serverless.Functions.Api;

/// <summary>
/// Builds the caller's principal from headers a trusted front end sets (the function key was checked by the host):
/// Easy Auth's <c>X-MS-CLIENT-PRINCIPAL</c>, and when trusted, <c>X-Points-Roles</c>, <c>X-Points-Team</c> and <c>X-Points-Agent</c>;
/// locally, the web app's development sign-in cookie (<see cref="Web.DevelopmentSignIn"/>).
/// Only the API's own roles are kept; a caller with none is anonymous (401).
/// </summary>
public sealed class TrustedHeadersAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AccessSettings> access,
    Web.DevelopmentSignIn developmentSignIn)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TrustedHeaders";
    public const string RolesHeader = "X-Points-Roles";
    public const string TeamHeader = "X-Points-Team";
    public const string CallerHeader = "X-Points-Caller";
    public const string AgentHeader = "X-Points-Agent";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        string? team = null;
        string? name = null;
        string? agent = null;
        var encoded = Request.Headers[ClientPrincipal.HeaderName].ToString();
        // Locally only (never on an Azure instance): the web app's development sign-in keeps the chosen principal in a cookie.
        if (encoded.Length == 0 && developmentSignIn.Enabled) encoded = Request.Cookies[Web.DevelopmentSignIn.CookieName] ?? "";
        if (encoded.Length > 0)
        {
            if (!ClientPrincipal.TryDecode(encoded, out var principal))
            {
                return Task.FromResult(AuthenticateResult.Fail($"{ClientPrincipal.HeaderName} is not base64-encoded JSON."));
            }
            roles.UnionWith(principal!.Roles);
            team = principal.Claim(access.Value.TeamClaimType);
            agent = principal.Claim(access.Value.AgentClaimType);
            name = principal.Name;
        }
        if (access.Value.TrustPointsHeaders)
        {
            foreach (var role in Request.Headers[RolesHeader].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
            {
                roles.Add(role);
            }
            team ??= NonEmpty(Request.Headers[TeamHeader].ToString());
            name ??= NonEmpty(Request.Headers[CallerHeader].ToString());
            agent ??= NonEmpty(Request.Headers[AgentHeader].ToString());
        }

        var claims = roles.Where(ApiRoles.All.Contains).Select(r => new Claim(ClaimTypes.Role, r)).ToList();
        if (claims.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (team is not null) claims.Add(new Claim(ApiRoles.TeamClaim, team));
        if (agent is not null) claims.Add(new Claim(ApiRoles.AgentClaim, agent));
        claims.Add(new Claim(ClaimTypes.Name, name ?? "unnamed"));
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
