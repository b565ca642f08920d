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
        CancellationToken cancellationToken = default)
    {
        var azurite = await AzuriteProcess.StartAsync(repoRoot, cancellationToken: cancellationToken);
        try
        {
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
        ["PublishMonthSchedule"] = "0 0 2 1 * *",
        ["WEBSITE_TIME_ZONE"] = "Asia/Shanghai",
    };

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
