using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Serverless.LocalHost;

/// <summary>
/// Azurite plus the local host running this repository's function app from its build output: what the main
/// job and the end-to-end tests stand on. Disposing stops both (and the handler process).
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private LocalStack(AzuriteProcess azurite, WebApplication host, Uri baseAddress, LocalHostOptions options)
    {
        Azurite = azurite;
        Host = host;
        BaseAddress = baseAddress;
        Options = options;
    }

    public AzuriteProcess Azurite { get; }
    public WebApplication Host { get; }
    public LocalHostOptions Options { get; }

    /// <summary>Where <c>/api/*</c> and <c>/admin/*</c> answer.</summary>
    public Uri BaseAddress { get; }

    public string StorageConnectionString => Azurite.ConnectionString;

    /// <summary>The handler process the host supervises (the fault harness kills it).</summary>
    public HandlerProcess Handler => Host.Services.GetRequiredService<HandlerProcess>();

    /// <summary>Every instance of the app (<see cref="LocalHostOptions.Instances"/>), instance 0 first.</summary>
    public HandlerInstances Instances => Host.Services.GetRequiredService<HandlerInstances>();

    /// <summary>The handler as built by <c>dotnet build</c> in the given configuration.</summary>
    public static IReadOnlyList<string> BuiltHandlerCommand(string repoRoot, string configuration)
    {
        var dll = Path.Combine(repoRoot, "functions", "Serverless.Functions", "bin", configuration, "net10.0", "Serverless.Functions.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"The handler is not built: {dll} is missing (dotnet build -c {configuration}).", dll);
        return ["dotnet", dll];
    }

    public static async Task<LocalStack> StartAsync(
        string repoRoot,
        IReadOnlyList<string> handlerCommand,
        Func<LocalHostOptions, LocalHostOptions>? configure = null,
        Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default,
        Func<string, Task>? seedStorage = null,
        string? azuriteLocation = null)
    {
        var azurite = await AzuriteProcess.StartAsync(repoRoot, azuriteLocation, cancellationToken);
        try
        {
            // What storage held before this host started (a timer's status, say), given the connection string.
            if (seedStorage is not null) await seedStorage(azurite.ConnectionString);
            var options = new LocalHostOptions
            {
                AppRoot = repoRoot,
                FunctionsRoot = Path.Combine(repoRoot, "functions"),
                HandlerCommand = handlerCommand,
                StorageConnectionString = azurite.ConnectionString,
                HttpPort = 0,
                MasterKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
                FunctionKeys = [Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))],
                AppSettings = DefaultSettings(azurite.ConnectionString),
            };
            options = configure?.Invoke(options) ?? options;
            var host = LocalHostApp.Build(options, logging);
            await host.StartAsync(cancellationToken);
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new LocalStack(azurite, host, new Uri(address), options);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>The app settings a local run needs (as local.settings.json would hold them).</summary>
    public static Dictionary<string, string> DefaultSettings(string storage) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = storage,
        ["ServiceBusConnection"] = storage,
        ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
        ["PublishMonthSchedule"] = PublishMonthSchedule,
        ["RefreshProvisionalSchedule"] = RefreshProvisionalSchedule,
        // Locally the caller plays the front door: X-Points-Roles is believed (off by default in the handler).
        ["HrApi__Access__TrustPointsHeaders"] = "true",
        // Locally the web app's sign-in page picks a role (Easy Auth signs people in on Azure; off by default in the handler).
        ["WebApp__DevelopmentSignIn"] = "true",
    };

    /// <summary>
    /// The close's schedule in UTC, as Flex Consumption runs timers: 18:00 UTC on the 28th to the 31st. The last of these
    /// each month is 02:00 on the 1st in Shanghai and closes the month just ended; the others find it closed already.
    /// </summary>
    public const string PublishMonthSchedule = "0 0 18 28-31 * *";

    /// <summary>The provisional ranking's refresh (functions/RefreshProvisional): every 5 minutes, UTC.</summary>
    public const string RefreshProvisionalSchedule = "0 */5 * * * *";

    /// <summary>
    /// Waits until a Service Bus function has nothing left to do: its queue is empty and its invocation count has not
    /// moved for <paramref name="quiet"/>, after at least <paramref name="atLeast"/> invocations in all. Messages being
    /// handled are invisible in the queue, so the count's standing still is what says they are done.
    /// </summary>
    /// <returns>The function's invocation counts when it went quiet.</returns>
    public async Task<FunctionCountsView> WaitUntilQuietAsync(
        string function,
        string queueName,
        TimeSpan quiet,
        long atLeast = 0,
        Action<FunctionCountsView, int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var queue = await Host.Services.GetRequiredService<ServiceBusQueues>().GetAsync(queueName, cancellationToken);
        var journal = Host.Services.GetRequiredService<InvocationJournal>();
        var still = System.Diagnostics.Stopwatch.StartNew();
        long last = -1;
        while (true)
        {
            var waiting = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            var counts = journal.Snapshot().TryGetValue(function, out var c) ? c : new FunctionCountsView(0, 0, null);
            var seen = counts.Succeeded + counts.Failed;
            if (waiting > 0 || seen != last || seen < atLeast)
            {
                last = seen;
                still.Restart();
                progress?.Invoke(counts, waiting);
            }
            else if (still.Elapsed >= quiet)
            {
                return counts;
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
            await Host.DisposeAsync();
        }
        finally
        {
            await Azurite.DisposeAsync();
        }
    }
}
