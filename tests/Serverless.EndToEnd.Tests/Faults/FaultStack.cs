using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// One run of the fault harness: Azurite on disk (<c>--location</c>, so a service can be stopped and started over its
/// data), the local host and the handler, with the handler's table and blob traffic passing through
/// <see cref="StorageGate"/>s and every invocation through an <see cref="InvocationCapture"/>. A clean run is the same
/// with nothing armed.
/// </summary>
public sealed class FaultStack : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;

    private FaultStack(DirectoryInfo folder, LocalStack stack, StorageGate tables, StorageGate blobs, InvocationCapture capture, CapturedLog log)
    {
        Log = log;
        _folder = folder;
        Stack = stack;
        Tables = tables;
        Blobs = blobs;
        Capture = capture;
    }

    public LocalStack Stack { get; }
    public StorageGate Tables { get; }
    public StorageGate Blobs { get; }
    public InvocationCapture Capture { get; }

    /// <summary>The local host's log, the handler's function log lines included (<c>[Function] line</c>).</summary>
    public CapturedLog Log { get; }
    public AzuriteProcess Azurite => Stack.Azurite;
    public string Storage => Stack.StorageConnectionString;

    public static async Task<FaultStack> StartAsync(Func<LocalHostOptions, LocalHostOptions>? configure = null, DateTimeOffset? now = null)
    {
        var root = AzuriteFixture.RepoRoot;
        var folder = Directory.CreateTempSubdirectory("faults-azurite-");
        var capture = new InvocationCapture();
        var log = new CapturedLog();
        StorageGate? tables = null, blobs = null;
        var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, LocalStackFixture.Configuration), options =>
        {
            // The gates stand between the handler and Azurite; the local host's triggers talk to Azurite directly.
            var azurite = new Uri(options.StorageConnectionString.Split(';').First(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]);
            tables = StorageGate.StartAsync(new Uri($"http://127.0.0.1:{azurite.Port}/")).GetAwaiter().GetResult();
            var blobEndpoint = new Uri(options.StorageConnectionString.Split(';').First(p => p.StartsWith("BlobEndpoint=", StringComparison.Ordinal))["BlobEndpoint=".Length..]);
            blobs = StorageGate.StartAsync(new Uri($"http://127.0.0.1:{blobEndpoint.Port}/")).GetAwaiter().GetResult();
            var handlerStorage = options.StorageConnectionString
                .Replace($"http://127.0.0.1:{azurite.Port}/", tables.Address.ToString(), StringComparison.Ordinal)
                .Replace($"http://127.0.0.1:{blobEndpoint.Port}/", blobs.Address.ToString(), StringComparison.Ordinal);
            var settings = new Dictionary<string, string>(options.AppSettings, StringComparer.OrdinalIgnoreCase) { ["AzureWebJobsStorage"] = handlerStorage };
            options = options with
            {
                AppSettings = settings,
                EnableTimers = false,
                PollInterval = TimeSpan.FromMilliseconds(100),
                BeforeInvoke = capture.BeforeInvokeAsync,
                EventGridRetryDelays = [TimeSpan.FromMilliseconds(300)],
            };
            options = now is { } at ? options.StartingAt(at) : options.AtAmbientNow();
            return configure?.Invoke(options) ?? options;
        }, logging => logging.AddProvider(log), azuriteLocation: folder.FullName);
        return new FaultStack(folder, stack, tables!, blobs!, capture, log);
    }

    /// <summary>Drops the files in order, each once the one before is imported, then waits until scoring is quiet.</summary>
    public async Task DropAndScoreAsync(IReadOnlyList<(string Name, string Content)> files)
    {
        var exports = await Stack.ExportsAsync();
        var imports = new TableServiceClient(Storage).GetTableClient("Imports");
        for (var i = 0; i < files.Count; i++)
        {
            await exports.UploadBlobAsync(files[i].Name, BinaryData.FromString(files[i].Content));
            await Eventually.UntilAsync(async () => await CountAsync(imports) > i, $"the import of {files[i].Name}", TimeSpan.FromMinutes(10));
        }
        await Stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(3), atLeast: 1);
    }

    /// <summary>The table's rows, or -1 while the table service is down (a fault case stopped it): not counted yet.</summary>
    public static async Task<int> CountAsync(TableClient table)
    {
        try
        {
            return await table.RowCountAsync();
        }
        catch (AggregateException)
        {
            return -1;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 0)
        {
            return -1;
        }
    }

    public IReadOnlyDictionary<string, FunctionCountsView> Counts => Stack.Host.Services.GetRequiredService<InvocationJournal>().Snapshot();

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Tables.DisposeAsync();
        await Blobs.DisposeAsync();
        try { _folder.Delete(recursive: true); } catch (IOException) { }
    }
}
