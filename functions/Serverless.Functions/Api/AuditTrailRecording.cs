using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Serverless.Application.Ports;

namespace Serverless.Functions.Api;

/// <summary>
/// Names the audit kind of a write route that is not in <see cref="AuditTrailRecording"/>'s table, e.g.
/// <c>.WithMetadata(new AuditKind("talent-pool"))</c>. Without it a new write route is still audited, under its
/// endpoint name.
/// </summary>
public sealed record AuditKind(string Kind);

/// <summary>
/// The one place the HR API records its audit trail: every successful (2xx) POST, PUT, PATCH or DELETE on an
/// <c>/api/</c> route is appended to <see cref="IAuditTrail"/> before its answer is sent — who (caller and roles), when
/// (the app's clock), what (kind, method and route template, the ids in the route and the created resource's location),
/// why (the <c>reason</c> the caller gave in the query or the JSON body) and the request's W3C trace id. Nothing else of
/// the body is kept: no names, notes or customer data. If the record cannot be written the call fails (500) rather than
/// change something unrecorded; a call retried with the same <c>Idempotency-Key</c> is recorded once, and a repeat the
/// route answers as a replay without changing anything is not recorded again. Reads and refused
/// calls (4xx) are not changes and are not recorded. Runs after authentication, so the caller is known.
/// </summary>
public static class AuditTrailRecording
{
    /// <summary>The kinds of the write routes, by endpoint name (the <c>kind</c> of <c>GET /api/audit?kind=</c>).</summary>
    public static IReadOnlyDictionary<string, string> Kinds { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PutAgent"] = "roster",
        ["PutAgents"] = "roster",
        ["PostAward"] = "award",
        ["ReverseAward"] = "award-reversal",
        ["PostAdjustment"] = "adjustment",
        ["ReverseAdjustment"] = "adjustment-reversal",
        ["AddRules"] = "rules-draft",
        ["ApproveRules"] = "rules-approval",
        ["WithdrawRules"] = "rules-withdrawal",
        ["DeleteRules"] = "rules-withdrawal",
        ["RepublishMonth"] = "publish",
        ["RescoreMonth"] = "rescore",
        ["WhatIfRules"] = "rules-whatif",
        ["OpenInquiry"] = "inquiry",
        ["AnswerInquiry"] = "inquiry-answer",
        ["MarkPayrollTaken"] = "payroll-taken",
    };

    /// <summary>
    /// A route that knows its call was a particular kind of change only from its outcome (HR's v1 published over
    /// completeness gaps: <c>completeness-override</c>) names it in <see cref="HttpContext.Items"/> under this key.
    /// </summary>
    public const string KindItem = "audit-kind";

    /// <summary>The longest reason kept; longer ones are cut (the full text stays where the route stored it).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Bodies larger than this are not searched for a reason (the bulk roster: a list with no reason anyway).</summary>
    private const long MaxBodyForReason = 1024 * 1024;

    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal)
            || !WriteMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        // The route template (e.g. /api/inquiries/{inquiryId}/answer), not the path: the ids are in the target.
        var route = "/" + ((endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "").Trim('/');
        context.Request.EnableBuffering();
        var correlation = CorrelationId(context);
        context.Response.OnStarting(() => IsChange(context)
            ? RecordAsync(context, endpoint, route, correlation)
            : Task.CompletedTask);
        await next(context);
    });

    /// <summary>
    /// A 2xx answer is a change, except a replay the route marked (<c>Idempotent-Replayed</c>) of a call without an
    /// <c>Idempotency-Key</c> (the same answer to an inquiry again). A replay with a key is recorded under the key's id, so
    /// once: if the first attempt died before its record was written, the retry writes it.
    /// </summary>
    private static bool IsChange(HttpContext context) =>
        context.Response.StatusCode is >= 200 and < 300
        && !(context.Response.Headers.ContainsKey(EntryApi.ReplayedHeader) && !context.Request.Headers.ContainsKey(EntryApi.IdempotencyHeader));

    private static async Task RecordAsync(HttpContext context, Endpoint endpoint, string route, string correlation)
    {
        var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? route;
        var kind = context.Items[KindItem] as string ?? endpoint.Metadata.GetMetadata<AuditKind>()?.Kind ?? Kinds.GetValueOrDefault(name) ?? name;
        var key = context.Request.Headers[EntryApi.IdempotencyHeader].ToString();
        await AppendAsync(context, name, key, kind, $"{context.Request.Method.ToUpperInvariant()} {route}", Target(context),
            await ReasonAsync(context.Request), correlation, context.Response.StatusCode);
    }

    /// <summary>
    /// Records a change made through a web form (the team view's award and adjustment forms), which the middleware does
    /// not see: the form answers with a page (200) whether or not anything changed, so the page's handler calls this once
    /// the API step it shares with the route has made the change. The same fields as a route's record: who (the signed-in
    /// caller), when (the app's clock), what (the kind of the API route <paramref name="endpointName"/> whose step the form
    /// ran, <c>POST</c> and the form's path, where the created resource is), why (<paramref name="reason"/>), the trace id.
    /// The form's idempotency key gives the id as the route's does, so the same form posted again (or the same key sent
    /// to the API) is recorded once. Nothing else of the form is kept (no names, no notes).
    /// </summary>
    public static Task RecordFormAsync(HttpContext context, string endpointName, string? key, string location, string? reason, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path.Value ?? "";
        reason = reason?.Trim();
        if (reason is { Length: > MaxReasonLength }) reason = reason[..MaxReasonLength];
        return AppendAsync(context, endpointName, key ?? "", Kinds.GetValueOrDefault(endpointName) ?? endpointName, $"POST {path}", $"location={location}",
            string.IsNullOrEmpty(reason) ? null : reason, CorrelationId(context), status);
    }

    private static async Task AppendAsync(HttpContext context, string name, string key, string kind, string action, string target, string? reason, string correlation, int status)
    {
        var services = context.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var user = context.User;
        var id = key.Length > 0
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{user.CallerName()}\n{key}")))[..32]
            : Guid.NewGuid().ToString("N");
        var record = new AuditRecord(id, clock.GetUtcNow(), Actor(user), kind, action, target, reason, correlation, status);
        // Not the request's token: a caller that hung up after the change was made must not leave it unrecorded.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await services.GetRequiredService<IAuditTrail>().AppendAsync(record, timeout.Token);
    }

    /// <summary>The W3C trace id of the request's activity (the one the app's telemetry exports), else of its traceparent.</summary>
    private static string CorrelationId(HttpContext context)
    {
        if (Activity.Current is { } activity && activity.IdFormat == ActivityIdFormat.W3C) return activity.TraceId.ToHexString();
        var parent = context.Request.Headers["traceparent"].ToString();
        return ActivityContext.TryParse(parent, null, out var parsed) ? parsed.TraceId.ToHexString() : context.TraceIdentifier;
    }

    private static string Actor(ClaimsPrincipal user)
    {
        var roles = ApiRoles.All.Where(user.IsInRole).ToList();
        var team = user.FindFirst(ApiRoles.TeamClaim)?.Value;
        var of = roles.Contains(ApiRoles.TeamLead) && team is not null ? $" of {team}" : "";
        return $"{user.CallerName()} ({string.Join(", ", roles)}{of})";
    }

    /// <summary>The ids in the route (agent, award, month, version…) and where the created resource is.</summary>
    private static string Target(HttpContext context)
    {
        var values = context.Request.RouteValues.Where(v => v.Value is not null).Select(v => $"{v.Key}={v.Value}");
        var location = context.Response.Headers.Location.ToString();
        return string.Join(' ', location.Length > 0 ? values.Append($"location={location}") : values);
    }

    private static async Task<string?> ReasonAsync(HttpRequest request)
    {
        var reason = request.Query["reason"].ToString();
        if (reason.Length == 0 && request.HasJsonContentType() && request.Body.CanSeek && request.Body.Length is > 0 and <= MaxBodyForReason)
        {
            request.Body.Position = 0;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                if (body.RootElement.ValueKind == JsonValueKind.Object)
                {
                    reason = body.RootElement.EnumerateObject()
                        .FirstOrDefault(p => p.NameEquals("reason") || string.Equals(p.Name, "reason", StringComparison.OrdinalIgnoreCase))
                        .Value is { ValueKind: JsonValueKind.String } value ? value.GetString() ?? "" : "";
                }
            }
            catch (JsonException)
            {
                // The route accepted it, so it read; a body it did not read as JSON has no reason to keep.
            }
        }
        reason = reason.Trim();
        return reason.Length == 0 ? null : reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
    }
}
