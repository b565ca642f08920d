using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;

namespace Serverless.Benchmarks.Exports;

/// <summary>
/// <c>webhook-import [rows] [agents] [runs]</c> (default 2,000,000, 20,000, 2): how long ParseExport takes to answer Event Grid for the largest calls
/// file we expect (2,000,000 rows / 20,000 agents by default), plain and gzip, on the local host with Azurite. The answer
/// time is what Event Grid's 30 s response window counts. Baseline in the same run: uploading the same bytes alone.
/// Each run waits for the scoring it set off to finish, so runs do not compete with each other.
/// </summary>
public static class WebhookImport
{
    public const string Mode = "webhook-import";

    /// <summary>Azure storage may be this much slower than Azurite on loopback; an import must still answer within the window.</summary>
    private const double AzureAllowance = 3.0;

    public static async Task RunAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
        var agents = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        Console.WriteLine($"Generating the {rows:N0}-row calls file ({agents:N0} agents) and its gzip copy (cached in {Path.GetTempPath()})");
        var files = new List<(string Kind, string Path)>();
        for (var run = 0; run < runs; run++)
        {
            // A day of its own for each file: the same bytes again would be a duplicate, not an import.
            files.Add(("plain", CallsFileFixture.File(rows, agents, CallsFileFixture.Day.AddDays(10 + 2 * run))));
            files.Add(("gzip", GzipCopy(CallsFileFixture.File(rows, agents, CallsFileFixture.Day.AddDays(11 + 2 * run)))));
        }

        await using var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, "Release"),
            options => options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(50) },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        var journal = stack.Host.Services.GetService(typeof(InvocationJournal)) as InvocationJournal
            ?? throw new InvalidOperationException("The local host has no invocation journal.");
        var blobs = new BlobServiceClient(stack.StorageConnectionString);
        var tables = new TableServiceClient(stack.StorageConnectionString);
        var baseline = blobs.GetBlobContainerClient("bench-baseline");
        await baseline.CreateIfNotExistsAsync();
        var exports = blobs.GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();

        var results = new List<(string Kind, double Upload, double Answer)>();
        foreach (var (kind, path) in files)
        {
            var upload = Stopwatch.StartNew();
            await baseline.GetBlobClient(Path.GetFileName(path)).UploadAsync(path, overwrite: true);
            upload.Stop();

            var answered = new TaskCompletionSource<InvocationOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnRecorded(InvocationOutcome outcome)
            {
                if (outcome.Function == "ParseExport") answered.TrySetResult(outcome);
            }
            journal.Recorded += OnRecorded;
            var name = Path.GetFileName(path);
            var compact = name.Split('-')[^1][..8];
            var day = $"{compact[..4]}-{compact[4..6]}-{compact[6..8]}";
            await exports.GetBlobClient($"calls/{day}/webhook.{(kind == "gzip" ? "csv.gz" : "csv")}").UploadAsync(path, overwrite: true);
            var outcome = await answered.Task.WaitAsync(TimeSpan.FromMinutes(15));
            journal.Recorded -= OnRecorded;
            if (!outcome.Succeeded) throw new InvalidOperationException($"ParseExport failed: {outcome.Failure}");
            results.Add((kind, upload.Elapsed.TotalSeconds, outcome.Duration.TotalSeconds));
            var status = "no status row";
            await foreach (var row in tables.GetTableClient("Imports").QueryAsync<TableEntity>($"PartitionKey eq '{day}'"))
            {
                status = $"{row.GetString("Status")}, {row.GetInt64("AcceptedRows"):N0} rows kept";
            }
            Console.WriteLine(FormattableString.Invariant(
                $"{kind,-5} {new FileInfo(path).Length / 1e6,6:0.0} MB: upload alone {upload.Elapsed.TotalSeconds,5:0.00} s | ParseExport answered in {outcome.Duration.TotalSeconds,5:0.00} s ({status})"));
            await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(2));
        }

        Console.WriteLine();
        foreach (var group in results.GroupBy(r => r.Kind))
        {
            var median = Median(group.Select(r => r.Answer));
            var verdict = median * AzureAllowance < 30 ? "inside" : "OUTSIDE";
            Console.WriteLine(FormattableString.Invariant(
                $"{group.Key,-5}: median answer {median:0.00} s (upload alone {Median(group.Select(r => r.Upload)):0.00} s); ×{AzureAllowance} for Azure = {median * AzureAllowance:0.0} s, {verdict} Event Grid's 30 s window"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string GzipCopy(string plain)
    {
        var gzip = plain + ".gz";
        if (File.Exists(gzip)) return gzip;
        using (var input = File.OpenRead(plain))
        using (var output = File.Create(gzip + ".partial"))
        using (var compress = new GZipStream(output, CompressionLevel.Optimal))
        {
            input.CopyTo(compress);
        }
        File.Move(gzip + ".partial", gzip, overwrite: true);
        return gzip;
    }
}
