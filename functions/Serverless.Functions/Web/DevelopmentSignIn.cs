using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.CustomHandler;
using Serverless.Functions.Api;

namespace Serverless.Functions.Web;

/// <summary>
/// The web app's local sign-in (<c>WebApp:DevelopmentSignIn</c>, e.g. <c>WebApp__DevelopmentSignIn=true</c>): a page
/// that picks a role and, for an agent or a team lead, an agent id or a team, and keeps that principal in a cookie in
/// the same form Easy Auth's <c>X-MS-CLIENT-PRINCIPAL</c> has. Off unless set, and never on an Azure instance
/// (<see cref="TestingClock.AzureInstanceVariables"/>), where Easy Auth (Entra ID) signs people in.
/// </summary>
public sealed class DevelopmentSignIn(IConfiguration configuration, IOptions<AccessSettings> access)
{
    public const string Setting = "WebApp:DevelopmentSignIn";
    public const string CookieName = "points-dev-principal";

    public bool Enabled { get; } =
        string.Equals(configuration[Setting], "true", StringComparison.OrdinalIgnoreCase)
        && TestingClock.AzureInstance(name => configuration[name]) is null;

    /// <summary>The cookie's value: base64 JSON of the claims Easy Auth would send for the same person.</summary>
    public string Encode(string role, string? name, string? agentId, string? team)
    {
        var claims = new List<ClientPrincipalClaim> { new("roles", role) };
        if (!string.IsNullOrWhiteSpace(name)) claims.Add(new("name", name.Trim()));
        if (!string.IsNullOrWhiteSpace(agentId)) claims.Add(new(access.Value.AgentClaimType, agentId.Trim()));
        if (!string.IsNullOrWhiteSpace(team)) claims.Add(new(access.Value.TeamClaimType, team.Trim()));
        var principal = new ClientPrincipal("development", "name", "roles", claims);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));
    }
}
