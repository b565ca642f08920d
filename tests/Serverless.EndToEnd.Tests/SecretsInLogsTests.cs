using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// Function keys, the master key and bearer tokens never reach a log line: the local host's, nor the handler's (its
/// output is relayed into the local host's log), at any level, while both log everything down to Debug.
/// </summary>
public sealed class SecretsInLogsTests
{
    private sealed class Captured : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {state} {exception}");
        }
    }

    private static string Secret(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes));

    [Fact]
    public async Task A_run_with_function_keys_a_master_key_and_a_bearer_token_logs_none_of_them()
    {
        var captured = new Captured();
        var functionKey = Secret(16);
        var masterKey = Secret(16);
        var wrongKey = Secret(16);
        var token = "eyJhbGciOiJSUzI1NiJ9." + Secret(24) + "." + Secret(24);
        var root = AzuriteFixture.RepoRoot;
        await using var stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, LocalStackFixture.Configuration),
            options => (options with
            {
                EnableTimers = false,
                MasterKey = masterKey,
                FunctionKeys = [functionKey],
                AppSettings = new Dictionary<string, string>(options.AppSettings, StringComparer.OrdinalIgnoreCase)
                {
                    ["Logging__LogLevel__Default"] = "Debug",
                    ["Logging__Console__LogLevel__Default"] = "Debug",
                },
            }).AtAmbientNow(),
            logging => logging.AddProvider(captured).SetMinimumLevel(LogLevel.Trace));
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };

        var byQuery = await http.GetAsync($"/api/health?code={functionKey}");
        using var withToken = new HttpRequestMessage(HttpMethod.Get, "/api/agents?pageSize=1");
        withToken.Headers.Add("x-functions-key", functionKey);
        withToken.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        withToken.Headers.Add("X-Points-Roles", "hr-reader");
        var read = await http.SendAsync(withToken);
        var wrong = await http.GetAsync($"/api/agents?code={wrongKey}");
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status");
        admin.Headers.Add("x-functions-key", masterKey);
        var status = await http.SendAsync(admin);
        // The handler's output is relayed line by line and in order: once its log of a last request (keyed in a header,
        // so nothing secret in it) is here, everything it wrote about the requests before is too.
        using var last = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        last.Headers.Add("x-functions-key", functionKey);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(last)).StatusCode);
        await Eventually.UntilAsync(() => Task.FromResult(captured.Lines.Count(l => l.Contains("Executed endpoint 'HTTP: GET /api/health'", StringComparison.Ordinal)) >= 2),
            "the handler's log of the last request", TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var lines = captured.Lines.ToList();
        // The scan saw the requests: the proxy logged each HTTP invocation and the handler's own output came through.
        Assert.Contains(lines, l => l.Contains("/api/agents", StringComparison.Ordinal));
        foreach (var (what, secret) in new[] { ("function key", functionKey), ("master key", masterKey), ("wrong key", wrongKey), ("bearer token", token) })
        {
            var leaked = lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaked.Count == 0, $"The {what} is in {leaked.Count} log line(s), e.g.: {leaked.FirstOrDefault()?.Replace(secret, "<" + what + ">", StringComparison.OrdinalIgnoreCase)}");
        }
    }
}
