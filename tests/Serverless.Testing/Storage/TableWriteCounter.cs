using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Testing.Storage;

/// <summary>
/// A loopback HTTP proxy in front of Azurite's table endpoint that records every entity written through it (table,
/// partition key, time), whichever process writes: point a connection string's <c>TableEndpoint</c> at
/// <see cref="Endpoint"/> (<see cref="Rewrite"/>) and the writers need not know. Requests are forwarded byte for byte
/// (the Shared Key signature covers the path and a few headers, not the host or port, so it still verifies). An entity
/// counts when the service answers its request with a success status.
/// </summary>
public sealed class TableWriteCounter : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "TE", "Trailer", "Expect", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly ConcurrentQueue<(TableWrite Write, long Timestamp)> _writes = new();
    private Uri? _target;

    private TableWriteCounter(WebApplication app) => _app = app;

    /// <summary>Where the proxy listens: <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Starts listening on a free loopback port; requests wait for <see cref="Rewrite"/> to name the target.</summary>
    public static async Task<TableWriteCounter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var counter = new TableWriteCounter(app);
        app.Run(counter.ForwardAsync);
        await app.StartAsync();
        counter.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return counter;
    }

    /// <summary>
    /// The connection string with its <c>TableEndpoint</c> pointed at this proxy (same account path); the proxy forwards
    /// to the endpoint it replaced.
    /// </summary>
    public string Rewrite(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var index = parts.FindIndex(p => p.StartsWith("TableEndpoint=", StringComparison.OrdinalIgnoreCase));
        if (index < 0) throw new ArgumentException("The connection string names no TableEndpoint.", nameof(connectionString));
        var table = new Uri(parts[index]["TableEndpoint=".Length..]);
        var target = new Uri(table.GetLeftPart(UriPartial.Authority));
        if (_target is not null && _target != target) throw new InvalidOperationException($"The proxy already forwards to {_target}.");
        _target = target;
        parts[index] = "TableEndpoint=" + new Uri(Endpoint, table.AbsolutePath);
        return string.Join(';', parts) + ";";
    }

    /// <summary>Every entity written so far, with its <see cref="Stopwatch"/> timestamp.</summary>
    public IReadOnlyList<(TableWrite Write, long Timestamp)> Writes => [.. _writes];

    /// <summary>
    /// When set, called for every request in arrival order (method, the client's <c>x-ms-client-request-id</c>, which
    /// Azure.Core keeps across the retries of one operation, and how many times that id was seen before); a request it
    /// answers true for is not forwarded but refused the way Table storage refuses over its scale targets: <c>503</c>,
    /// <c>x-ms-error-code: ServerBusy</c> and the OData JSON error body.
    /// </summary>
    public Func<string, string, int, bool>? Throttle { get; set; }

    /// <summary>Every request seen while <see cref="Throttle"/> was set, in arrival order, and whether it was refused.</summary>
    public IReadOnlyList<(string Method, string ClientRequestId, bool Throttled)> Requests => [.. _requests];

    private readonly ConcurrentQueue<(string Method, string ClientRequestId, bool Throttled)> _requests = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    private async Task<bool> RefusedAsync(HttpContext context)
    {
        if (Throttle is not { } throttle) return false;
        var id = context.Request.Headers["x-ms-client-request-id"].ToString();
        var seen = _attempts.AddOrUpdate(id, 0, (_, n) => n + 1);
        var refused = throttle(context.Request.Method, id, seen);
        _requests.Enqueue((context.Request.Method, id, refused));
        if (!refused) return false;
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        var requestId = Guid.NewGuid().ToString();
        context.Response.StatusCode = 503;
        context.Response.Headers["x-ms-error-code"] = "ServerBusy";
        context.Response.Headers["x-ms-request-id"] = requestId;
        context.Response.Headers["x-ms-version"] = context.Request.Headers["x-ms-version"].ToString();
        context.Response.Headers["x-ms-client-request-id"] = id;
        context.Response.ContentType = "application/json;odata=minimalmetadata;streaming=true;charset=utf-8";
        var time = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(
            "{\"odata.error\":{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"The server is busy.\\nRequestId:" + requestId + "\\nTime:" + time + "\"}}}",
            context.RequestAborted);
        return true;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var target = _target ?? throw new InvalidOperationException("No target: call Rewrite first.");
        if (await RefusedAsync(context)) return;
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, rawTarget));
        if (body.Length > 0 || request.ContentLength is not null) forward.Content = new ReadOnlyMemoryContent(body);
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name)) continue;
            if (!forward.Headers.TryAddWithoutValidation(name, values.ToArray())) forward.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await _forward.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        if (response.IsSuccessStatusCode)
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var write in await TableWrites.ParseAsync(request.Method, rawTarget, request.ContentType, body)) _writes.Enqueue((write, now));
        }
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
