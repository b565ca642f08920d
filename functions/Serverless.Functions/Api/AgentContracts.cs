using Serverless.Domain.Exports;

namespace Serverless.Functions.Api;

/// <summary>An agent as HR sends it (PUT one: the id comes from the route; bulk: each item carries its <c>agentId</c>).</summary>
public sealed record AgentInput(string? AgentId, string? Name, string? Department, string? Specialty, string? Team, DateOnly? HireDate, string? Status)
{
    public const int MaxTextLength = 100;

    /// <summary>Field errors (prefixed for bulk items), or the roster record.</summary>
    public RosterRecord? Validate(string agentId, string prefix, IDictionary<string, string[]> errors)
    {
        var before = errors.Count;
        if (!ApiInput.IsValidId(agentId)) errors[prefix + "agentId"] = [ApiInput.IdRule("agentId")];
        Text(Name, "name", prefix, errors);
        Text(Department, "department", prefix, errors);
        Text(Specialty, "specialty", prefix, errors);
        Text(Team, "team", prefix, errors);
        var status = RosterStatus.Active;
        if (Status is not null && !AgentStatus.TryParse(Status, out status)) errors[prefix + "status"] = ["status must be 'active' or 'left'."];
        return errors.Count > before ? null : new RosterRecord(agentId, Name!.Trim(), Department!.Trim(), Specialty!.Trim(), Team!.Trim(), HireDate, status);
    }

    private static void Text(string? value, string field, string prefix, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength || value.Any(char.IsControl))
        {
            errors[prefix + field] = [$"{field} is required: 1–{MaxTextLength} characters, no control characters."];
        }
    }
}

/// <summary>An agent on the roster as the API returns it.</summary>
public sealed record AgentResponse(string AgentId, string Name, string Department, string Specialty, string Team, DateOnly? HireDate, string Status)
{
    public static AgentResponse Of(RosterRecord r) => new(r.AgentId, r.Name, r.Department, r.Specialty, r.Team, r.HireDate, AgentStatus.Name(r.Status));
}

/// <summary>One page of the roster; pass <see cref="Continuation"/> back to get the next (null: last page).</summary>
public sealed record AgentPage(IReadOnlyList<AgentResponse> Agents, string? Continuation);

/// <summary>What a bulk upsert did.</summary>
public sealed record BulkUpsertResult(int Upserted);

/// <summary>Roster status names on the wire: <c>active</c> (在岗) and <c>left</c> (离职).</summary>
public static class AgentStatus
{
    public static string Name(RosterStatus status) => status == RosterStatus.Left ? "left" : "active";

    public static bool TryParse(string text, out RosterStatus status)
    {
        status = text switch { "left" => RosterStatus.Left, _ => RosterStatus.Active };
        return text is "active" or "left";
    }
}
