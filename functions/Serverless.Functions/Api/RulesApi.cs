using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary>
/// Rules versions: <c>GET /api/rules</c>, <c>GET /api/rules/{version}</c> (the file, to download and edit), and
/// <c>POST /api/rules</c> with a rules file, validated with line numbers, taking effect from its <c>effectiveFrom</c>.
/// </summary>
public static class RulesApi
{
    public static IEndpointRouteBuilder MapRulesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/rules").WithTags("Rules").WithMetadata(new RequestBodyLimit(RequestBodyLimit.Default));
        group.MapGet("", ListAsync).WithName("ListRules").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapGet("/{version}", GetAsync).WithName("GetRules").RequireAuthorization(ApiRoles.ReadPolicy);
        group.MapPost("", AddAsync).WithName("AddRules").RequireAuthorization(ApiRoles.WritePolicy)
            .Accepts<JsonElement>("application/json")
            .WithDescription("The body is a rules file (see RULES.md). effectiveFrom must be today or later in Asia/Shanghai: days already scored keep the rules that scored them.");
        return routes;
    }

    private static async Task<Ok<RulesVersions>> ListAsync(IRulesStore rules, TimeProvider clock, CancellationToken cancellationToken)
    {
        var book = await rules.GetBookAsync(cancellationToken);
        var today = new BusinessCalendar(clock).Today;
        return TypedResults.Ok(new RulesVersions(book.InForceOn(today)?.Version, book.Versions.Select(Summary).ToList()));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(string version, IRulesStore rules, CancellationToken cancellationToken)
    {
        var found = (await rules.GetBookAsync(cancellationToken)).Versions.FirstOrDefault(v => v.Version == version);
        return found is null
            ? ApiProblem.NotFound($"No rules version '{version}'; GET /api/rules lists them.")
            : TypedResults.Text(found.ToJson(), "application/json", Encoding.UTF8);
    }

    private static async Task<Results<Created<RulesVersionSummary>, Ok<RulesVersionSummary>, ValidationProblem, ProblemHttpResult>> AddAsync(
        HttpRequest request, ClaimsPrincipal user, IRulesStore rules, TimeProvider clock, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        // Read as text, not bound: the validator reports line numbers of the file as sent, malformed JSON included.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(json)) return ApiProblem.Invalid("body", "Send a rules file as the body (application/json).");

        var parsed = RulesDocument.Parse(json);
        if (parsed.Value is not { } document) return Refused(parsed.Errors, "The rules file was refused; each error names its line.");

        var today = new BusinessCalendar(clock).Today;
        var book = await rules.GetBookAsync(cancellationToken);
        var existing = book.Versions.FirstOrDefault(v => v.Version == document.Version);
        if (existing is not null)
        {
            // The same file again is a retry; a different file under a used name would make ledger entries ambiguous.
            return existing.ToJson() == document.ToJson()
                ? TypedResults.Ok(Summary(existing))
                : ApiProblem.Conflict($"Rules version '{document.Version}' exists with different content; give the new file a new version name.");
        }
        if (document.EffectiveFrom < today)
        {
            return ApiProblem.Invalid("effectiveFrom", $"effectiveFrom {document.EffectiveFrom:yyyy-MM-dd} is in the past; a new version takes effect today ({today:yyyy-MM-dd}) or later, so scored days keep the rules that scored them.");
        }
        var combined = RuleBook.Create(book.Versions.Append(document));
        if (!combined.Succeeded) return Refused(combined.Errors, "The new version conflicts with the versions in force.");

        // With nothing stored the default preset scores every day; storing a first version would silently drop it and
        // leave the days before the new version without rules. So the preset in force is stored first (a repeat is a no-op).
        if (book.Versions is [var only] && only.Version == RulePresets.Load(RulePresets.PositiveIncentive).Version)
        {
            await rules.AddAsync(only, RulePresets.ReadJson(RulePresets.PositiveIncentive), cancellationToken);
        }
        if (!await rules.AddAsync(document, json, cancellationToken))
        {
            return ApiProblem.Conflict($"Rules version '{document.Version}' was added by another call meanwhile; GET /api/rules/{document.Version} shows it.");
        }
        ApiLog.RulesAdded(logs.CreateLogger(typeof(RulesApi)), document.Version, document.EffectiveFrom, user.CallerName());
        return TypedResults.Created($"/api/rules/{Uri.EscapeDataString(document.Version)}", Summary(document));
    }

    private static ValidationProblem Refused(IReadOnlyList<RulesError> errors, string detail) => TypedResults.ValidationProblem(
        errors.GroupBy(e => e.Path.Length == 0 ? "$" : e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.ToString()).ToArray()),
        detail,
        title: "Invalid rules file",
        extensions: new Dictionary<string, object?> { ["rulesErrors"] = errors.Select(e => new RulesFileError(e.Line, e.Column, e.Path, e.Message)).ToList() });

    private static RulesVersionSummary Summary(RulesDocument d) => new(
        d.Version, JsonSerializer.Serialize(d.Scheme).Trim('"'), d.EffectiveFrom, d.Description, $"/api/rules/{Uri.EscapeDataString(d.Version)}");
}
