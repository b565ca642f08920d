using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>ingest-e2e</c>: Azurite + the local host + the Release-built handler, as in production minus the cloud. Drops a
/// calls file into <c>exports</c> and times (1) uploading the same bytes alone (the baseline), (2) the drop until the
/// import's status row (written after every agent-day's metrics are stored), (3) the drop until every agent-day is
/// scored (the score requests were sent and consumed). Scenarios: 150,000 rows / 2,100 agents, 2,000,000 / 20,000.
/// </summary>
public static class IngestEndToEnd
{
    public const string Mode = "ingest-e2e";

    public static async Task RunAsync(string[] args)
    {
        var scenarios = args.Length > 0 && args[0] == "small" ? new[] { (150_000L, 2_100) } : new[] { (150_000L, 2_100), (2_000_000L, 20_000) };
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, "Release"),
            options => options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(50) },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        try
        {
            await RunScenariosAsync(stack, scenarios);
        }
        finally
        {
            try
            {
                await stack.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The local host's handler process can throw while stopping after its token source is gone; the figures are printed by then.
            }
        }
    }

    private static async Task RunScenariosAsync(LocalStack stack, (long Rows, int Agents)[] scenarios)
    {
        var blobs = new BlobServiceClient(stack.StorageConnectionString);
        var tables = new TableServiceClient(stack.StorageConnectionString);
        var baseline = blobs.GetBlobContainerClient("bench-baseline");
        await baseline.CreateIfNotExistsAsync();
        var exports = blobs.GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();

        var day = CallsFileFixture.Day;
        foreach (var (rows, agents) in scenarios)
        {
            day = day.AddDays(1);
            var file = CallsFileFixture.File(rows, agents, day);
            var megabytes = new FileInfo(file).Length / 1e6;

            var upload = Stopwatch.StartNew();
            await baseline.GetBlobClient($"{rows}.csv").UploadAsync(file, overwrite: true);
            upload.Stop();

            var drop = Stopwatch.StartNew();
            await exports.GetBlobClient($"calls/{day:yyyy-MM-dd}/bench.csv").UploadAsync(file, overwrite: true);
            var uploaded = drop.Elapsed;
            var status = await WaitAsync(async () =>
            {
                await foreach (var row in tables.GetTableClient("Imports").QueryAsync<TableEntity>($"PartitionKey eq '{day:yyyy-MM-dd}'"))
                {
                    return $"{row.GetString("Status")}, {row.GetInt64("AcceptedRows"):N0} rows kept";
                }
                return null;
            });
            var imported = drop.Elapsed;
            // Not every agent on the roster works the day: the target is the agent-days the import stored.
            var stored = 0;
            await foreach (var _ in tables.GetTableClient("AgentDayMetrics").QueryAsync<TableEntity>($"PartitionKey eq '{day:yyyy-MM-dd}' and RowKey ge 'a'", select: ["RowKey"]))
            {
                stored++;
            }
            // Scored: the score-requests queue is drained and ScoreAgentDays has finished every message it took.
            var journal = stack.Host.Services.GetService(typeof(InvocationJournal)) as InvocationJournal
                ?? throw new InvalidOperationException("The local host has no invocation journal.");
            await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(1), atLeast: ScoreInvocations(journal) + 1);
            // The quiet second is waiting, not work.
            var done = drop.Elapsed - TimeSpan.FromSeconds(1);
            Console.WriteLine(System.FormattableString.Invariant(
                $"{rows,9:N0} rows / {agents,6:N0} agents ({megabytes:0.0} MB): upload alone {upload.Elapsed.TotalSeconds:0.00} s | drop → status row ({status}) {imported.TotalSeconds:0.00} s (upload {uploaded.TotalSeconds:0.00} s of it) | drop → all {stored:N0} agent-days scored {done.TotalSeconds:0.00} s"));
        }
    }

    private static long ScoreInvocations(InvocationJournal journal) =>
        journal.Snapshot().TryGetValue("ScoreAgentDays", out var counts) ? counts.Succeeded + counts.Failed : 0;

    private static async Task<string> WaitAsync(Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                if (await probe() is { } found) return found;
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                // The table is created by the handler at start; not there yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The import did not finish within 15 minutes.");
            await Task.Delay(50);
        }
    }
}
