using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Functions.Api;

/// <summary>
/// The App Service / Functions Easy Auth header <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON of the validated token's
/// claims, set by the platform (callers cannot forge it past Easy Auth, which strips any incoming copy).
/// </summary>
public sealed record ClientPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
    [property: JsonPropertyName("name_typ")] string? NameClaimType,
    [property: JsonPropertyName("role_typ")] string? RoleClaimType,
    [property: JsonPropertyName("claims")] IReadOnlyList<ClientPrincipalClaim>? Claims)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    private const string EntraRolesClaim = "roles";

    /// <summary>App roles: Entra ID sends them as "roles" claims; Easy Auth may also name them by <c>role_typ</c>.</summary>
    public IEnumerable<string> Roles => Values(c => c.Type == EntraRolesClaim || c.Type == RoleClaimType || c.Type == System.Security.Claims.ClaimTypes.Role);

    public string? Name => Values(c => c.Type == NameClaimType || c.Type == "name" || c.Type == "preferred_username").FirstOrDefault();

    public string? Claim(string type) => Values(c => c.Type == type).FirstOrDefault();

    public static bool TryDecode(string? header, out ClientPrincipal? principal)
    {
        principal = null;
        if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024) return false;
        try
        {
            var json = Convert.FromBase64String(header);
            principal = JsonSerializer.Deserialize<ClientPrincipal>(Encoding.UTF8.GetString(json));
            return principal is not null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }

    private IEnumerable<string> Values(Func<ClientPrincipalClaim, bool> match) =>
        (Claims ?? []).Where(c => c.Type is not null && c.Value is not null && match(c)).Select(c => c.Value!);
}

/// <summary>One claim of <see cref="ClientPrincipal"/>.</summary>
public sealed record ClientPrincipalClaim(
    [property: JsonPropertyName("typ")] string? Type,
    [property: JsonPropertyName("val")] string? Value);
