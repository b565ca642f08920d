using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.CustomHandler;
using Serverless.Functions.Tests.Ingestion;
using Serverless.Storage;
using Serverless.Testing;
using Serverless.Testing.Fakes;

namespace Serverless.Functions.Tests;

/// <summary>How a test sets up the handler: which Azurite, which clock, which settings, which ports are replaced.</summary>
/// <param name="Storage">The Azurite connection string (<c>AzureWebJobsStorage</c>).</param>
public sealed record HandlerHostOptions(string Storage)
{
    /// <summary>The clock the handler reads; null: a clock starting at the test run's <see cref="TestClock.Ambient"/> (never the machine's).</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>
    /// Believe the <c>X-Points-Roles</c>, <c>-Team</c> and <c>-Caller</c> headers (<c>HrApi:Access:TrustPointsHeaders</c>):
    /// the test plays the front door. Off unless set, as a deployed app that nobody configured.
    /// </summary>
    public bool TrustRoleHeaders { get; init; }

    /// <summary>More app settings, applied after the others (so they win).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Ports served by the given instances instead of the app's adapters (in-memory doubles).</summary>
    public IReadOnlyList<(Type Service, object Instance)> Replacements { get; init; } = [];

    /// <summary>Where every log line goes (Trace and up), when the test reads them.</summary>
    public CapturedLogs? Logs { get; init; }

    /// <summary>Anything else the test adds to the services (e.g. an in-memory span exporter).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>These options with <typeparamref name="TService"/> served by <paramref name="instance"/>.</summary>
    public HandlerHostOptions Replace<TService>(TService instance) where TService : class =>
        this with { Replacements = [.. Replacements.Where(r => r.Service != typeof(TService)), (typeof(TService), instance)] };

    /// <summary>These options with one more app setting.</summary>
    public HandlerHostOptions Set(string key, string? value) => this with { Settings = new Dictionary<string, string?>(Settings) { [key] = value } };

    /// <summary>The ports scoring implements (running months, ledger) as in-memory doubles, for tests of what reads them.</summary>
    public HandlerHostOptions WithInMemoryScoring() => Replace<IAgentMonthStore>(new InMemoryAgentMonthStore()).Replace<ILedger>(new InMemoryLedger());
}

/// <summary>
/// The real handler in-process (ASP.NET Core's test server) on a given Azurite, set up by <see cref="HandlerHostOptions"/>:
/// the one test host of this project. What a test does through it (drop an export, deliver a score request, run the
/// timer, call the HR API as a role) is an extension method beside the tests that do it, or a member here.
/// </summary>
public sealed class HandlerHost(HandlerHostOptions options) : WebApplicationFactory<Program>
{
    private HttpClient? _client;

    public HandlerHostOptions Options => options;

    /// <summary>The clock the handler reads; the options must set one.</summary>
    public FakeTimeProvider Clock => options.Clock ?? throw new InvalidOperationException("This host runs on the test run's ambient clock, not a fake one; set HandlerHostOptions.Clock.");

    /// <summary>The captured log lines; the options must ask for them.</summary>
    public CapturedLogs Logs => options.Logs ?? throw new InvalidOperationException("This host captures no logs; set HandlerHostOptions.Logs.");

    /// <summary>The same Azurite as the handler's, for reading and seeding it directly.</summary>
    public StorageClients Storage => StorageClients.FromConnectionString(options.Storage);

    /// <summary>One client for invocations and anonymous calls (the factory disposes its clients with it).</summary>
    public HttpClient Client => _client ??= CreateClient();

    /// <summary>The host's "now" for the invocations' <c>sys</c> times: the fake clock's, else the test run's ambient now.</summary>
    public DateTimeOffset Now => options.Clock?.GetUtcNow() ?? TestClock.Ambient;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The in-memory ledger of <see cref="HandlerHostOptions.WithInMemoryScoring"/>.</summary>
    public InMemoryLedger Ledger => Replaced<InMemoryLedger>();

    /// <summary>The in-memory running months of <see cref="HandlerHostOptions.WithInMemoryScoring"/>.</summary>
    public InMemoryAgentMonthStore AgentMonths => Replaced<InMemoryAgentMonthStore>();

    /// <summary>The instance the options replaced a port with, by its own type.</summary>
    public T Replaced<T>() => options.Replacements.Select(r => r.Instance).OfType<T>().SingleOrDefault()
        ?? throw new InvalidOperationException($"The options replace no port with a {typeof(T).Name}; add it with HandlerHostOptions.Replace.");

    /// <summary>A client presenting <paramref name="roles"/> (comma-separated) and, for a team lead, a team.</summary>
    public HttpClient As(string? roles, string? team = null)
    {
        var client = CreateClient();
        if (roles is not null) client.DefaultRequestHeaders.Add("X-Points-Roles", roles);
        if (team is not null) client.DefaultRequestHeaders.Add("X-Points-Team", team);
        client.DefaultRequestHeaders.Add("X-Points-Caller", "test");
        return client;
    }

    public HttpClient Admin() => As("hr-admin");

    public HttpClient Reader() => As("hr-reader");

    /// <summary>Starts the handler (it creates the app's tables and containers) and checks it answers.</summary>
    public async Task StartAsync() => Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/")).StatusCode);

    /// <summary>
    /// Posts an invocation (one of <c>HostPayloads</c>' builders) to <c>/{function}</c> as the Functions host does; fails
    /// the test unless the handler answers 200, and returns the answer (<c>Outputs</c>, <c>Logs</c>).
    /// </summary>
    public Task<JsonElement> InvokeAsync(string function, JsonObject invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return InvokeAsync(function, invocation.ToJsonString());
    }

    /// <summary>Posts an invocation body as it is (e.g. one kept for a redelivery); as <see cref="InvokeAsync(string, JsonObject)"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string function, string invocation)
    {
        using var response = await Client.PostAsync("/" + function, new StringContent(invocation, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", options.Storage);
        if (options.TrustRoleHeaders) builder.UseSetting("HrApi:Access:TrustPointsHeaders", "true");
        // Without a fake clock the handler runs on the test run's clock (TestClock.Ambient), never the machine's.
        if (options.Clock is null) builder.UseSetting(TestingClock.Setting, TestingClock.Format(TestClock.Ambient));
        foreach (var (key, value) in options.Settings) builder.UseSetting(key, value);
        if (options.Logs is { } logs) builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            if (options.Clock is { } clock) services.AddSingleton<TimeProvider>(clock);
            foreach (var (service, instance) in options.Replacements) services.AddSingleton(service, instance);
            options.ConfigureServices?.Invoke(services);
        });
    }
}
