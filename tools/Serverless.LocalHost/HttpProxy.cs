using System.Diagnostics;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// HTTP triggers with <c>enableProxyingHttpRequest</c>: the request goes to the handler unchanged at its own
/// path after the key check, and the handler's response goes back to the caller. At most host.json's
/// <c>extensions.http.maxConcurrentRequests</c> run at once; the rest wait their turn, as in the host.
/// </summary>
public sealed class HttpProxy(HandlerInstances instances, HostDefinition host, IHttpClientFactory httpClients, FunctionKeyCheck keys, InvocationJournal journal, ILogger<HttpProxy> logger)
{
    private readonly SemaphoreSlim _concurrency = new(host.Extensions?.Http?.MaxConcurrentRequests is int n && n > 0 ? n : int.MaxValue);

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "TE", "Trailer",
    };

    /// <summary>The ASP.NET Core route pattern for a function's route under the host's prefix.</summary>
    public static string RoutePattern(string routePrefix, BindingDefinition trigger)
    {
        var route = (trigger.Route ?? "").Replace("{*", "{**", StringComparison.Ordinal);
        return "/" + string.Join('/', new[] { routePrefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));
    }

    public async Task ForwardAsync(HttpContext context, FunctionDefinition function)
    {
        if (!keys.Allows(context.Request, function.Trigger.AuthLevel ?? "function"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        // The front end balances requests over the app's instances.
        var handler = instances.Next();
        await handler.Ready.WaitAsync(context.RequestAborted);
        await _concurrency.WaitAsync(context.RequestAborted);
        try
        {
            handler.CountInvocation();
            await ForwardAllowedAsync(context, function, handler);
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private async Task ForwardAllowedAsync(HttpContext context, FunctionDefinition function, HandlerProcess handler)
    {
        var invocationId = Guid.NewGuid().ToString();
        var started = Stopwatch.GetTimestamp();
        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(handler.BaseAddress, request.Path + request.QueryString));
        if (request.ContentLength > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            forward.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        forward.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", invocationId);

        try
        {
            using var response = await httpClients.CreateClient("handler").SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var succeeded = (int)response.StatusCode < 500;
            journal.Record(new InvocationOutcome(function.Name, invocationId, succeeded, elapsed, null, succeeded ? null : $"HTTP {(int)response.StatusCode}"));
            Log.HttpInvocation(logger, function.Name, invocationId, request.Method, request.Path, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            journal.Record(new InvocationOutcome(function.Name, invocationId, false, Stopwatch.GetElapsedTime(started), null, ex.Message));
            Log.InvocationFailed(logger, function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.Message);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
        }
    }
}
