namespace Serverless.Functions.Api;

/// <summary>The HR API's roles (Entra ID app-role values; see ACCESS.md) and the policies built from them.</summary>
public static class ApiRoles
{
    /// <summary>May read and write everything.</summary>
    public const string HrAdmin = "hr-admin";

    /// <summary>May read everything, write nothing.</summary>
    public const string HrReader = "hr-reader";

    /// <summary>May post and reverse awards for agents of their own team (team from the caller's team claim).</summary>
    public const string TeamLead = "team-lead";

    /// <summary>An agent (坐席): may read their own points and standing only (agent id from the caller's agent claim).</summary>
    public const string Agent = "agent";

    public static IReadOnlyList<string> All { get; } = [HrAdmin, HrReader, TeamLead, Agent];

    /// <summary>Policy: hr-admin or hr-reader.</summary>
    public const string ReadPolicy = "points-read";

    /// <summary>Policy: hr-admin.</summary>
    public const string WritePolicy = "points-write";

    /// <summary>Policy: hr-admin or team-lead (a team lead is further limited to their team by the award routes).</summary>
    public const string AwardPolicy = "points-award";

    /// <summary>Policy: hr-admin, hr-reader or team-lead (a team lead further limited to their own team's inquiries by the route).</summary>
    public const string InquiryReadPolicy = "points-inquiry-read";

    /// <summary>The claim carrying a team lead's team (班组) on the principal the API builds.</summary>
    public const string TeamClaim = "points:team";

    /// <summary>The claim carrying an agent's own agent id (工号) on the principal the API builds.</summary>
    public const string AgentClaim = "points:agent";

    /// <summary>Policy: any of the roles (the web app's pages decide what each may see).</summary>
    public const string SignedInPolicy = "points-signed-in";
}
