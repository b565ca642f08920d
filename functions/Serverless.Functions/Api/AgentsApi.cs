using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Application.Ports;
using Serverless.Storage;

namespace Serverless.Functions.Api;

/// <summary>
/// The roster (花名册): <c>PUT /api/agents/{agentId}</c>, bulk <c>PUT /api/agents</c> (an array), <c>GET</c> one and a
/// filtered, paged list. A roster change labels future scoring; past ledger entries keep the department they were scored under.
/// </summary>
public static class AgentsApi
{
    public const int MaxBulk = 5000;

    public static IEndpointRouteBuilder MapAgentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/agents").WithTags("Roster").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapGet("", ListAsync).WithName("ListAgents").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{agentId}", GetAsync).WithName("GetAgent").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapPut("/{agentId}", PutAsync).WithName("PutAgent").RequireAuthorization(ApiRoles.WritePolicy);
        // 5 000 agents of ~200 bytes each: 4 MB leaves room for long names without letting a body grow unbounded.
        group.MapPut("", PutManyAsync).WithName("PutAgents").RequireAuthorization(ApiRoles.WritePolicy)
            .WithMetadata(new RequestBodyLimit(4 * RequestBodyLimit.Default));
        return routes;
    }

    private static async Task<Results<Ok<AgentPage>, ValidationProblem>> ListAsync(
        string? department, string? specialty, string? team, string? status, int? pageSize, string? continuation,
        IRosterQueries roster, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.TryPageSize(pageSize, out var size, out var sizeError)) errors["pageSize"] = [sizeError!];
        var parsedStatus = default(Serverless.Domain.Exports.RosterStatus);
        if (status is not null && !AgentStatus.TryParse(status, out parsedStatus)) errors["status"] = ["status must be 'active' or 'left'."];
        if (continuation is not null && !RosterQueries.IsWellFormed(continuation)) errors["continuation"] = ["continuation must be a token from a previous page, unchanged."];
        foreach (var (name, value) in new[] { ("department", department), ("specialty", specialty), ("team", team) })
        {
            if (value is { Length: > AgentInput.MaxTextLength }) errors[name] = [$"{name} is at most {AgentInput.MaxTextLength} characters."];
        }
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var filter = new RosterFilter(department, specialty, team, status is null ? null : parsedStatus);
        var page = await roster.ListAsync(filter, size, continuation, cancellationToken);
        return TypedResults.Ok(new AgentPage(page.Agents.Select(AgentResponse.Of).ToList(), page.Continuation));
    }

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string agentId, IRosterStore roster, CancellationToken cancellationToken)
    {
        if (!ApiInput.IsValidId(agentId)) return ApiProblem.Invalid("agentId", ApiInput.IdRule("agentId"));
        var found = await roster.GetAsync([agentId], cancellationToken);
        return found.TryGetValue(agentId, out var record)
            ? TypedResults.Ok(AgentResponse.Of(record))
            : ApiProblem.NotFound($"Agent {agentId} is not on the roster; PUT /api/agents/{agentId} adds them.");
    }

    private static async Task<Results<Ok<AgentResponse>, ValidationProblem>> PutAsync(
        string agentId, AgentInput agent, IRosterStore roster, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (agent.AgentId is not null && agent.AgentId != agentId) errors["agentId"] = ["The body's agentId differs from the route's; leave it out or make them equal."];
        var record = agent.Validate(agentId, "", errors);
        if (record is null || errors.Count > 0) return ApiProblem.Invalid(errors);

        // Upsert-replace by id: the same PUT twice leaves the same row, so a retry is harmless.
        await roster.UpsertAsync([record], cancellationToken);
        ApiLog.RosterUpserted(logs.CreateLogger(typeof(AgentsApi)), 1, user.CallerName());
        return TypedResults.Ok(AgentResponse.Of(record));
    }

    private static async Task<Results<Ok<BulkUpsertResult>, ValidationProblem>> PutManyAsync(
        AgentInput[] agents, IRosterStore roster, ClaimsPrincipal user, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (agents.Length == 0) return ApiProblem.Invalid("agents", "Send at least one agent.");
        if (agents.Length > MaxBulk) return ApiProblem.Invalid("agents", $"At most {MaxBulk} agents per call; this one has {agents.Length}. Split the upload.");
        var errors = new Dictionary<string, string[]>();
        var records = new List<Serverless.Domain.Exports.RosterRecord>(agents.Length);
        for (var i = 0; i < agents.Length && errors.Count < 50; i++)
        {
            if (agents[i].Validate(agents[i].AgentId ?? "", $"[{i}].", errors) is { } record) records.Add(record);
        }
        // One table batch cannot write a row twice, and two rows for one agent would leave which one wins to chance.
        foreach (var twice in records.GroupBy(r => r.AgentId, StringComparer.Ordinal).Where(g => g.Count() > 1).Take(50))
        {
            errors[$"agentId:{twice.Key}"] = [$"Agent {twice.Key} appears {twice.Count()} times; send each agent once."];
        }
        if (errors.Count > 0) return ApiProblem.Invalid(errors, "No agent was written: fix every listed item and send the whole upload again.");

        await roster.UpsertAsync(records, cancellationToken);
        ApiLog.RosterUpserted(logs.CreateLogger(typeof(AgentsApi)), records.Count, user.CallerName());
        return TypedResults.Ok(new BulkUpsertResult(records.Count));
    }
}
