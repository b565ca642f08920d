using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Serverless.Functions.Tests.Api;

/// <summary>
/// Every <c>/api</c> route of the route table (so a new route is covered without touching this test), as an hr-admin,
/// with hostile input: path segments like <c>..</c>, control characters, over-long and non-UTF-8 values; query values out
/// of range; malformed JSON, wrong JSON types, wrong content types, over-long strings, control characters and
/// out-of-range numbers in the body's own fields (from the OpenAPI schema); oversize bodies and headers. None may answer
/// 5xx or show a stack trace; every 4xx is an RFC 7807 problem (<c>application/problem+json</c>), and the body attacks
/// must be refused (4xx).
/// </summary>
public sealed class HostileRequestTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly Ingestion.CapturedLogs logs = new();
    private HandlerHost? served;

    /// <summary>The API host as it is, with its log captured so a failure names the exception the server met.</summary>
    private HandlerHost host => served ??= new HandlerHost(ApiHost.Options(azurite.ConnectionString) with { Logs = logs });

    private HttpClient Admin()
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        client.DefaultRequestHeaders.Add("X-Points-Caller", "test");
        return client;
    }

    private sealed record Operation(string Method, string Template, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, JsonNode? BodySchema);

    /// <summary>Plausible valid values by parameter name, so one hostile value at a time reaches its own check.</summary>
    private static string Valid(string name) => name switch
    {
        "month" => "2026-10",
        "date" or "from" => "2026-10-01",
        "to" => "2026-10-31",
        "file" => "ranking.csv",
        "version" => "2026.1",
        "kind" => "calls",
        "status" => "Accepted",
        "reason" => "hostile input test",
        "top" or "pageSize" => "10",
        "minStars" or "minTenureMonths" => "0",
        _ => "E0001",
    };

    private static readonly string[] HostilePathValues =
    [
        // No %00: a server refuses a NUL in a path before any app sees it (the test server's client will not send one).
        "..", "%2E%2E", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5C", "%01%02%1B", "a%0D%0Ab", "%7F", new string('a', 4000),
        "%F0%9F%92%A5", "%FF%FE%FD", "%C0%AE%C0%AE", "%2F", "%3F", "%23", "%7C", "%27%3B--", "9999-99", "-1", "1e309", "%20", "CON",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "-1", "0", "2147483648", "-2147483649", "99999999999999999999999", "NaN", "Infinity", "1e309", "0x10", "abc", "",
        "%00", "%01%1B%7F", "a%0D%0Ab", "..%2F..", "9999-99-99", "2026-13", "0000-00", "%FF%FE", new string('x', 10_000), "true",
    ];

    private static readonly (string Body, string ContentType)[] MalformedBodies =
    [
        ("{", "application/json"), ("[", "application/json"), ("{\"agentId\":", "application/json"), ("nul", "application/json"),
        ("{\"a\":1,}", "application/json"), ("{'a':1}", "application/json"), ("\uFEFF\uFEFF{}", "application/json"),
        ("[]", "application/json"), ("\"text\"", "application/json"), ("123", "application/json"), ("null", "application/json"), ("", "application/json"),
        (new string('[', 5000) + new string(']', 5000), "application/json"),
        ("{\"x\":" + new string('9', 100_000) + "}", "application/json"),
        ("{}", "text/plain"), ("<a/>", "application/xml"), ("a=1&b=2", "application/x-www-form-urlencoded"), ("{}", "application/json; charset=ebcdic"),
        ("{}", "multipart/form-data; boundary=x"), ("{}", "application/octet-stream"),
    ];

    private List<Operation> Operations()
    {
        var document = JsonNode.Parse(host.CreateClient().GetStringAsync("/api/openapi.json").GetAwaiter().GetResult())!;
        var operations = new List<Operation>();
        foreach (var endpoint in host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = endpoint.RoutePattern.RawText?.TrimEnd('/');
            if (template is null || !template.StartsWith("/api/", StringComparison.Ordinal)) continue;
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            {
                var described = document["paths"]?[template]?[method.ToLowerInvariant()];
                var query = described?["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList() ?? [];
                var schema = described?["requestBody"]?["content"]?["application/json"]?["schema"];
                operations.Add(new Operation(method, template, [.. endpoint.RoutePattern.Parameters.Select(p => p.Name)], query, Resolve(document, schema)));
            }
        }
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations found");
        return operations;
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        if (schema?["$ref"] is { } reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            return document["components"]?["schemas"]?[name];
        }
        return schema;
    }

    private static string Url(Operation operation, string? hostileParameter = null, string? hostileValue = null, string? hostileQuery = null)
    {
        var path = operation.Template;
        foreach (var name in operation.PathParameters)
        {
            path = path.Replace("{" + name + "}", name == hostileParameter ? hostileValue! : Uri.EscapeDataString(Valid(name)), StringComparison.Ordinal);
        }
        var query = operation.QueryParameters.Select(q => $"{q}={(q == hostileQuery ? hostileValue : Uri.EscapeDataString(Valid(q)))}");
        return operation.QueryParameters.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    private static bool TakesBody(Operation operation) => operation.Method is "POST" or "PUT";

    private HttpRequestMessage Request(Operation operation, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "hostile-" + Guid.NewGuid().ToString("N"));
        if (TakesBody(operation) && content is null) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    private readonly List<string> failures = [];

    private async Task SendAsync(HttpClient client, HttpRequestMessage request, string what, bool mustRefuse)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (Exception error)
        {
            failures.Add($"{what}: the request threw {error.GetType().Name}: {error.Message}");
            return;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var type = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500)
            {
                var thrown = logs.Lines.LastOrDefault(l => l.Contains("Exception", StringComparison.Ordinal)) ?? "";
                failures.Add($"{what}: {status}; the server logged {Cut(thrown.Split('\n')[0])}");
            }
            else if (mustRefuse && status < 400) failures.Add($"{what}: accepted with {status}");
            else if (status >= 400 && type != "application/problem+json") failures.Add($"{what}: {status} as {type ?? "(no content type)"}: {Cut(body)}");
            if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) failures.Add($"{what}: a stack trace or exception in the body: {Cut(body)}");
        }
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private void AssertNoFailures(int sent)
    {
        output.WriteLine($"{sent} hostile requests sent, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile requests failed:\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    [Fact]
    public async Task Hostile_path_segments_and_query_values_are_problems_never_server_errors()
    {
        using var client = Admin();
        var sent = 0;
        foreach (var operation in Operations())
        {
            foreach (var parameter in operation.PathParameters)
            {
                foreach (var value in HostilePathValues)
                {
                    sent++;
                    await SendAsync(client, Request(operation, Url(operation, parameter, value)), $"{operation.Method} {operation.Template} with {parameter}={Cut(value)}", mustRefuse: false);
                }
            }
            foreach (var parameter in operation.QueryParameters)
            {
                foreach (var value in HostileQueryValues)
                {
                    sent++;
                    await SendAsync(client, Request(operation, Url(operation, hostileQuery: parameter, hostileValue: value)), $"{operation.Method} {operation.Template} with ?{parameter}={Cut(value)}", mustRefuse: false);
                }
            }
        }
        AssertNoFailures(sent);
    }

    [Fact]
    public async Task Malformed_bodies_and_wrong_content_types_are_refused_as_problems()
    {
        using var client = Admin();
        var sent = 0;
        foreach (var operation in Operations().Where(TakesBody))
        {
            foreach (var (body, contentType) in MalformedBodies)
            {
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                sent++;
                await SendAsync(client, Request(operation, Url(operation), content), $"{operation.Method} {operation.Template} with {contentType} body {Cut(body)}", mustRefuse: true);
            }
            var untyped = new ByteArrayContent("{}"u8.ToArray());
            sent++;
            await SendAsync(client, Request(operation, Url(operation), untyped), $"{operation.Method} {operation.Template} without a content type", mustRefuse: true);
        }
        AssertNoFailures(sent);
    }

    /// <summary>Values that break a field of each JSON type: over-long, control characters, out of range, the wrong type.</summary>
    private static IEnumerable<(string What, JsonNode? Value)> HostileValues(JsonNode? schema)
    {
        var type = schema?["type"]?.ToJsonString() ?? "";
        yield return ("a 100,000-character string", JsonValue.Create(new string('x', 100_000)));
        yield return ("control characters", JsonValue.Create("a\u0000b\u0001\u001b[31m\r\n\u2028\u202e"));
        yield return ("a path", JsonValue.Create("../../etc/passwd"));
        yield return ("1e308", JsonNode.Parse("1e308"));
        yield return ("a number past Int64", JsonNode.Parse("99999999999999999999999999"));
        yield return ("-2147483649", JsonNode.Parse("-2147483649"));
        yield return ("an object", new JsonObject { ["x"] = 1 });
        yield return ("a huge array", new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode?)JsonValue.Create(i))]));
        if (type.Contains("string", StringComparison.Ordinal)) yield return ("a date that is not one", JsonValue.Create("9999-99-99"));
    }

    [Fact]
    public async Task Hostile_field_values_in_a_body_are_problems_never_server_errors()
    {
        using var client = Admin();
        var sent = 0;
        foreach (var operation in Operations().Where(TakesBody))
        {
            var properties = operation.BodySchema?["properties"]?.AsObject().Select(p => (p.Key, p.Value)).ToList() ?? [];
            foreach (var (name, schema) in properties)
            {
                foreach (var (what, value) in HostileValues(schema))
                {
                    var body = new JsonObject();
                    foreach (var (other, _) in properties) body[other] = other == name ? value?.DeepClone() : JsonValue.Create(Valid(other));
                    sent++;
                    await SendAsync(client, Request(operation, Url(operation), new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json")),
                        $"{operation.Method} {operation.Template} with {name} = {what}", mustRefuse: false);
                }
            }
            if (operation.BodySchema?["type"]?.ToJsonString().Contains("array", StringComparison.Ordinal) == true)
            {
                sent++;
                await SendAsync(client, Request(operation, Url(operation), new StringContent("[" + string.Join(",", Enumerable.Repeat("{\"agentId\":\"\\u0000\"}", 10)) + "]", Encoding.UTF8, "application/json")),
                    $"{operation.Method} {operation.Template} with an array of hostile items", mustRefuse: false);
            }
        }
        AssertNoFailures(sent);
    }

    [Fact]
    public async Task Oversize_bodies_and_headers_are_problems_never_server_errors()
    {
        using var client = Admin();
        var sent = 0;
        var big = "{\"note\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        foreach (var operation in Operations())
        {
            var url = Url(operation);
            if (TakesBody(operation))
            {
                sent++;
                await SendAsync(client, Request(operation, url, new StringContent(big, Encoding.UTF8, "application/json")), $"{operation.Method} {operation.Template} with a 5 MiB body", mustRefuse: true);
                // Chunked: no Content-Length to refuse it by, so the server's own limit must stop it mid-stream.
                var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
                chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var request = Request(operation, url, chunked);
                request.Headers.TransferEncodingChunked = true;
                sent++;
                await SendAsync(client, request, $"{operation.Method} {operation.Template} with a 5 MiB chunked body", mustRefuse: true);
            }
            foreach (var (header, value) in new[]
                     {
                         ("Idempotency-Key", new string('k', 20_000)), ("Idempotency-Key", "k\u0001\u007f"), ("X-Points-Caller", new string('c', 30_000)),
                         ("X-Points-Caller", "名字\u0001\u001b[2J"), ("X-Points-Team", new string('t', 30_000)), ("X-Points-Roles", "hr-admin," + new string('r', 30_000)),
                         ("X-MS-CLIENT-PRINCIPAL", new string('A', 70_000)), ("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"claims\":" + new string('[', 3000) + "}"))),
                         ("If-None-Match", new string('"', 10_000)), ("Accept", "application/xml;q=" + new string('9', 1000)),
                     })
            {
                var request = Request(operation, url);
                request.Headers.Remove(header);
                if (!request.Headers.TryAddWithoutValidation(header, value)) request.Content?.Headers.TryAddWithoutValidation(header, value);
                sent++;
                await SendAsync(client, request, $"{operation.Method} {operation.Template} with {header}: {Cut(value)}", mustRefuse: false);
            }
            var many = Request(operation, url);
            for (var i = 0; i < 500; i++) many.Headers.TryAddWithoutValidation($"X-Hostile-{i}", new string('h', 100));
            sent++;
            await SendAsync(client, many, $"{operation.Method} {operation.Template} with 500 extra headers", mustRefuse: false);
        }
        AssertNoFailures(sent);
    }

    public void Dispose()
    {
        served?.Dispose();
    }
}
