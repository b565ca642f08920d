using System.ComponentModel.DataAnnotations;

namespace Serverless.Functions.Api;

/// <summary>Where the HR API takes the caller's roles from (section <c>HrApi:Access</c>, e.g. <c>HrApi__Access__TrustPointsHeaders</c>).</summary>
public sealed class AccessSettings
{
    /// <summary>
    /// Whether <c>X-Points-Roles</c> / <c>X-Points-Team</c> are believed. Off unless set: any holder of a function key
    /// could otherwise claim <c>hr-admin</c>. Turned on locally (local.settings.json, the local host's defaults, tests)
    /// and behind a front door that strips them from callers and sets them itself; never under Easy Auth alone, where
    /// only <c>X-MS-CLIENT-PRINCIPAL</c> (which the platform strips and sets) may be trusted.
    /// </summary>
    public bool TrustPointsHeaders { get; set; }

    /// <summary>The claim type in <c>X-MS-CLIENT-PRINCIPAL</c> that holds a team lead's team (an Entra ID optional or custom claim).</summary>
    [Required]
    public string TeamClaimType { get; set; } = "team";

    /// <summary>The claim type in <c>X-MS-CLIENT-PRINCIPAL</c> that holds an agent's agent id (an Entra ID optional or custom claim).</summary>
    [Required]
    public string AgentClaimType { get; set; } = "agent_id";
}
