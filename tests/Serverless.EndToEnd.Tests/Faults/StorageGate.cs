using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// A pass-through in front of one Azurite service, given to the handler instead of the service itself, that counts the
/// handler's writes (every request but GET and HEAD: a table transaction, an upsert, a blob block) and lets a test act
/// at the N-th one before it is forwarded: kill the handler, stop the service. The fault harness's deterministic point:
/// "after N writes", whatever the machine's speed. Written by hand because no reverse proxy in nuget.tsv is smaller than
/// these forty lines (Shared Key signs the path, not the host, so forwarding the request as it is stays valid).
/// </summary>
public sealed class StorageGate : IAsyncDisposable
{
    private static readonly HashSet<string> Hop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Transfer-Encoding", "Connection", "Content-Length" };
    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(5) };
    private int _writes;
    private int _armedAt = -1;
    private int _fireAt;
    private Func<Task<bool>>? _action;
    private int _fired;

    private StorageGate(WebApplication app) => _app = app;

    public required Uri Target { get; init; }

    /// <summary>The gate's own address: use it in the handler's connection string in place of the service's.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:1/");

    /// <summary>Writes seen so far.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Whether the armed action has run.</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <summary>
    /// Runs <paramref name="action"/> once, at the <paramref name="nth"/> write from now, before that write is forwarded;
    /// the action answers whether the write is then forwarded (true) or dropped with a 503 (false: it never happened).
    /// </summary>
    public void Arm(int nth, Func<Task<bool>> action)
    {
        _action = action;
        _fireAt = nth;
        Volatile.Write(ref _armedAt, Writes);
    }

    public static async Task<StorageGate> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gate = new StorageGate(app) { Target = target };
        app.Run(gate.ForwardAsync);
        await app.StartAsync();
        gate.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return gate;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            var n = Interlocked.Increment(ref _writes);
            var armed = Volatile.Read(ref _armedAt);
            if (armed >= 0 && n - armed == _fireAt && Interlocked.Exchange(ref _fired, 1) == 0 && !await _action!())
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
        }
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Target, RawTarget(context)));
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        message.Content = new StreamContent(body);
        foreach (var (name, values) in request.Headers)
        {
            if (Hop.Contains(name)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        HttpResponseMessage response;
        try
        {
            response = await _forward.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            // The service is down (stopped by the test): a gateway's answer, which the Azure SDK retries.
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (Hop.Contains(name)) continue;
                context.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    /// <summary>The path and query exactly as sent: Shared Key signs the encoded path, which the decoded Path would change.</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path.Value + context.Request.QueryString.Value;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
