using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>Builds the local Functions host for one app: discovery, the handler process, triggers, HTTP.</summary>
public static class LocalHostApp
{
    public static WebApplication Build(LocalHostOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var host = HostDefinition.Load(options.AppRoot);
        var functions = FunctionDefinition.LoadAll(options.FunctionsRoot ?? options.AppRoot);
        if (functions.Count == 0) throw new InvalidOperationException($"No function.json found under {options.FunctionsRoot ?? options.AppRoot}.");
        if (functions.Any(f => f.Trigger.Type == "httpTrigger") && !host.CustomHandler.EnableProxyingHttpRequest)
        {
            throw new InvalidOperationException("The local host serves HTTP functions only with customHandler.enableProxyingHttpRequest = true.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.HttpPort}");
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(host);
        // The machine's clock, unless the test-only app setting Testing__Now names another start (the handler gets it too).
        var clock = Clock(options.AppSettings);
        services.AddSingleton(clock);
        // A proxy, as the host's forwarder is: the browser's cookies and redirects are the browser's, so the handler's
        // client neither keeps cookies (one jar for every caller) nor follows redirects itself.
        services.AddHttpClient("handler", c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        services.AddSingleton(new QueueServiceClient(options.StorageConnectionString, queueOptions));
        services.AddSingleton(new BlobServiceClient(options.StorageConnectionString));
        services.AddSingleton(new TableServiceClient(options.StorageConnectionString));
        services.AddSingleton<ServiceBusQueues>();
        services.AddSingleton<OutputBindings>();
        services.AddSingleton<InvocationJournal>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<FunctionKeyCheck>();
        services.AddSingleton<HttpProxy>();
        services.AddSingleton<HandlerProcess>();
        // Instance 0 and, with Instances > 1, the others: one handler process each, started and stopped together.
        services.AddSingleton<HandlerInstances>();
        services.AddHostedService(sp => sp.GetRequiredService<HandlerInstances>());

        var timers = new List<Func<IServiceProvider, TimerTrigger>>();
        foreach (var function in functions)
        {
            switch (function.Trigger.Type)
            {
                case "serviceBusTrigger":
                    var serviceBus = host.Extensions?.ServiceBus;
                    var settings = new ServiceBusSettings
                    {
                        LockDuration = options.LockDuration,
                        MaxDeliveryCount = options.MaxDeliveryCount,
                        MaxConcurrentCalls = serviceBus?.MaxConcurrentCalls ?? new ServiceBusSettings().MaxConcurrentCalls,
                        MaxAutoLockRenewalDuration = options.MaxAutoLockRenewalDuration ?? serviceBus?.MaxAutoLockRenewalDuration ?? new ServiceBusSettings().MaxAutoLockRenewalDuration,
                    };
                    services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<ServiceBusTrigger>(sp, function, settings));
                    break;
                case "queueTrigger":
                    var queueSettings = QueueTriggerSettings.From(host.Extensions?.Queues);
                    services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueTrigger>(sp, function, queueSettings));
                    break;
                case "eventGridTrigger":
                    foreach (var subscription in options.EventGridSubscriptions.Where(s => s.Function == function.Name))
                    {
                        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<BlobCreatedTrigger>(sp, function, subscription));
                    }
                    break;
                case "timerTrigger":
                    services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TimerTrigger>(sp, function));
                    break;
                case "httpTrigger":
                    break;
                default:
                    throw new InvalidOperationException($"{function.Name}: the local host does not serve '{function.Trigger.Type}'.");
            }
        }
        services.AddHostedService<TimerHost>();

        var app = builder.Build();
        var startup = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Serverless.LocalHost.Settings");
        if (TestingNow(options.AppSettings) is not null) Log.TestingClock(startup, TestingClock.EnvironmentVariable, TestingClock.Format(clock.GetUtcNow()));
        foreach (var (file, setting) in SettingsCheck.Unimplemented(options.AppRoot, options.FunctionsRoot ?? options.AppRoot, options.AppSettings))
        {
            Log.SettingIgnored(startup, file, setting);
        }
        foreach (var function in functions.Where(f => f.Trigger.Type == "httpTrigger"))
        {
            var pattern = HttpProxy.RoutePattern(host.RoutePrefix, function.Trigger);
            var methods = function.Trigger.Methods?.Select(m => m.ToUpperInvariant()).ToArray() ?? ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            app.MapMethods(pattern, methods, (HttpContext context, HttpProxy proxy) => proxy.ForwardAsync(context, function));
        }
        MapAdmin(app, functions);
        return app;
    }

    /// <summary>The value of <c>Testing__Now</c> (or <c>Testing:Now</c>) among the app settings, if set.</summary>
    public static string? TestingNow(IReadOnlyDictionary<string, string> settings) =>
        new[] { TestingClock.EnvironmentVariable, TestingClock.Setting }
            .Select(key => settings.TryGetValue(key, out var value) ? value : null)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));

    private static TimeProvider Clock(IReadOnlyDictionary<string, string> settings) =>
        TestingNow(settings) is { } now ? TestingClock.Starting(TestingClock.Parse(now)) : TimeProvider.System;

    private static void MapAdmin(WebApplication app, IReadOnlyList<FunctionDefinition> functions)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<FunctionKeyCheck>().AllowsAdmin(context.HttpContext.Request)
                ? await next(context)
                : Results.Unauthorized());

        admin.MapGet("/host/status", (HandlerInstances instances, InvocationJournal journal) => Results.Ok(new
        {
            state = instances.Ready.IsCompletedSuccessfully ? "Running" : "Initialized",
            instances = instances.All.Select(i => new { instance = i.Instance, ready = i.Ready.IsCompletedSuccessfully, starts = i.Starts, invocations = i.Invocations }),
            functions = functions.Select(f => new { name = f.Name, trigger = f.Trigger.Type }),
            invocations = journal.Snapshot(),
        }));

        admin.MapGet("/queues/{name}", async (string name, ServiceBusQueues queues, CancellationToken ct) =>
        {
            var queue = await queues.GetAsync(name, ct);
            var deadLetter = await queues.GetAsync(ServiceBusQueues.DeadLetterName(name), ct);
            return Results.Ok(new
            {
                name,
                activeMessageCount = (await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount,
                deadLetterMessageCount = (await deadLetter.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount,
            });
        });

        // The host's "run a non-HTTP function now". It answers 202 at once; ?wait=true (local only) waits for the outcome.
        admin.MapPost("/functions/{name}", async (string name, bool? wait, HttpRequest request, IEnumerable<TimerTrigger> timers, FunctionInvoker invoker, TimeProvider clock, CancellationToken ct) =>
        {
            var function = functions.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (function is null) return Results.NotFound(new { error = $"No function named '{name}'." });
            Func<CancellationToken, Task<InvocationOutcome>> run;
            var timer = timers.FirstOrDefault(t => t.FunctionName == function.Name);
            if (timer is not null)
            {
                run = timer.RunNowAsync;
            }
            else if (function.Trigger.Type == "serviceBusTrigger")
            {
                var body = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject;
                var input = body?["input"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : body?["input"]?.ToJsonString() ?? "";
                run = c => invoker.InvokeAsync(function, HostPayloads.ServiceBusInvocation(function.Name, function.Trigger.Name, input, new ServiceBusMessageInfo(), clock.GetUtcNow()), c);
            }
            else
            {
                return Results.BadRequest(new { error = $"{function.Name} is a {function.Trigger.Type}; only timer and Service Bus functions can be run from /admin." });
            }
            if (wait != true)
            {
                _ = Task.Run(() => run(CancellationToken.None), CancellationToken.None);
                return Results.Accepted();
            }
            var outcome = await run(ct);
            return outcome.Succeeded
                ? Results.Ok(new { outcome.Function, outcome.InvocationId, durationMs = outcome.Duration.TotalMilliseconds })
                : Results.Json(new { outcome.Function, outcome.InvocationId, outcome.Failure }, statusCode: StatusCodes.Status500InternalServerError);
        });
    }

    /// <summary>Runs each timer's schedule loop as a hosted service.</summary>
    private sealed class TimerHost(IEnumerable<TimerTrigger> timers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(timers.Select(t => t.StartAsync(cancellationToken)));

        public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(timers.Select(t => t.StopAsync(cancellationToken)));
    }
}
