using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Samples;

namespace Serverless.MainJob;

/// <summary>
/// The product in one run: exports (generated or given) are dropped into the local host's Azurite, parsed and
/// scored by the real handler through the emulated triggers, the monthly timer is run now, and the published
/// ranking and bonus files are copied out and summarised.
/// </summary>
public sealed class MainJobRun(MainJobOptions options, TextWriter console)
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        var month = new BusinessCalendar(TimeProvider.System).MonthToClose;
        var (exportsDir, files) = PrepareExports(month);

        Step($"Starting Azurite and the local host (handler: functions/Serverless.Functions, {options.Configuration})");
        await using var stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, options.Configuration),
            o => o with { EnableTimers = false },
            logging => logging.SetMinimumLevel(LogLevel.Warning),
            cancellationToken);
        console.WriteLine($"  host at {stack.BaseAddress}  (function key {stack.Options.FunctionKeys[0]})");

        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The roster goes first and is waited for, so agents are scored under their departments from day one.
        var roster = files.Where(f => f.StartsWith("roster/", StringComparison.Ordinal)).ToList();
        var rest = files.Except(roster).ToList();
        await DropAsync(exports, exportsDir, roster, cancellationToken);
        await WaitForImportsAsync(stack, roster.Count, cancellationToken);
        await DropAsync(exports, exportsDir, rest, cancellationToken);
        await WaitForImportsAsync(stack, files.Count, cancellationToken);
        await WaitForScoringAsync(stack, cancellationToken);

        Step($"Running the monthly timer now (PublishMonth closes {month})");
        var timer = stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth");
        var outcome = await timer.RunNowAsync(cancellationToken);
        if (!outcome.Succeeded) throw new InvalidOperationException($"PublishMonth failed: {outcome.Failure}");
        console.WriteLine($"  done in {outcome.Duration.TotalSeconds:0.0} s");

        var copied = await CopyPublishedAsync(stack, month, cancellationToken);
        ShowRanking(copied);
        console.WriteLine();
        console.WriteLine($"Main job finished in {total.Elapsed.TotalSeconds:0} s.");
        return 0;
    }

    private (string Directory, IReadOnlyList<string> Files) PrepareExports(YearMonth month)
    {
        if (options.ExportsDirectory is { } given)
        {
            var dir = Path.GetFullPath(given);
            if (!Directory.Exists(dir)) throw new InvalidOperationException($"--exports {given}: no such folder.");
            var found = Directory.EnumerateFiles(dir, "*.csv*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
                .OrderBy(f => f.StartsWith("roster/", StringComparison.Ordinal) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
                .ToList();
            Step($"Taking {found.Count} exports from {dir}");
            return (dir, found);
        }
        var target = Path.GetFullPath(Path.Combine(options.OutputDirectory, "exports"));
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Step($"Generating {month} for {options.Agents} agents into {target}");
        var sample = new SampleOptions { Agents = options.Agents, Days = month.LastDay.Day, StartDate = month.FirstDay };
        var files = SampleGenerator.WriteTree(target, sample);
        console.WriteLine($"  {files.Count} files, {Megabytes(files.Sum(f => new FileInfo(Path.Combine(target, f)).Length))}");
        return (target, files);
    }

    private async Task DropAsync(BlobContainerClient exports, string dir, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        Step($"Dropping {files.Count} file(s) into the exports container");
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            await using var stream = File.OpenRead(Path.Combine(dir, file));
            await exports.GetBlobClient(file).UploadAsync(stream, overwrite: true, ct);
        });
    }

    /// <summary>Every dropped file has an import status row once ParseExport has run for it (accepted or not).</summary>
    private async Task WaitForImportsAsync(LocalStack stack, int expected, CancellationToken cancellationToken)
    {
        var imports = new TableServiceClient(stack.StorageConnectionString).GetTableClient("Imports");
        var watch = Stopwatch.StartNew();
        var last = -1;
        var shown = Stopwatch.StartNew();
        while (true)
        {
            var rows = new List<TableEntity>();
            try
            {
                await foreach (var row in imports.QueryAsync<TableEntity>(select: ["Status", "BlobName"], cancellationToken: cancellationToken)) rows.Add(row);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404) { }
            var done = rows.Select(r => r.GetString("BlobName")).Distinct(StringComparer.Ordinal).Count();
            if (done != last && (shown.Elapsed > ProgressEvery || done >= expected))
            {
                shown.Restart();
                var rejected = rows.Count(r => r.GetString("Status") == "Rejected");
                console.WriteLine($"  imported {done}/{expected} files{(rejected > 0 ? $" ({rejected} rejected: see the reports container)" : "")}  [{watch.Elapsed.TotalSeconds:0} s]");
                last = done;
            }
            if (done >= expected) return;
            await Task.Delay(500, cancellationToken);
        }
    }

    /// <summary>Scoring is done when score-requests stays empty and ScoreAgentDays stops moving for a quiet period.</summary>
    private async Task WaitForScoringAsync(LocalStack stack, CancellationToken cancellationToken)
    {
        Step("Scoring agent-days (Service Bus score-requests → ScoreAgentDays)");
        var shown = Stopwatch.StartNew();
        var counts = await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", QuietPeriod, progress: (c, waiting) =>
        {
            if (shown.Elapsed < ProgressEvery) return;
            console.WriteLine($"  score requests handled {c.Succeeded} (failed {c.Failed}), waiting {waiting}");
            shown.Restart();
        }, cancellationToken: cancellationToken);
        console.WriteLine($"  score requests handled {counts.Succeeded} (failed {counts.Failed})");
        if (counts.Failed > 0) console.WriteLine($"  last failure: {counts.LastFailure}");
    }

    private async Task<IReadOnlyList<string>> CopyPublishedAsync(LocalStack stack, YearMonth month, CancellationToken cancellationToken)
    {
        Step("Published files");
        var blobs = new BlobServiceClient(stack.StorageConnectionString);
        var copied = new List<string>();
        foreach (var container in new[] { "rankings", "bonus" })
        {
            var client = blobs.GetBlobContainerClient(container);
            if (!await client.ExistsAsync(cancellationToken)) continue;
            await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{month}/", cancellationToken))
            {
                var local = Path.GetFullPath(Path.Combine(options.OutputDirectory, container, blob.Name));
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await client.GetBlobClient(blob.Name).DownloadToAsync(local, cancellationToken);
                console.WriteLine($"  {$"{container}/{blob.Name}",-46} → {Path.GetRelativePath(Environment.CurrentDirectory, local)}");
                copied.Add(local);
            }
        }
        if (copied.Count == 0) throw new InvalidOperationException($"PublishMonth ran but nothing was published under rankings/{month}/ or bonus/{month}/.");
        return copied;
    }

    private void ShowRanking(IReadOnlyList<string> copied)
    {
        var ranking = copied.Where(f => Path.GetFileName(f) == "ranking.csv").OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();
        if (ranking is null) return;
        Step($"Top of the ranking ({Path.GetRelativePath(Environment.CurrentDirectory, ranking)})");
        foreach (var line in File.ReadLines(ranking, Encoding.UTF8).Take(11)) console.WriteLine("  " + line.TrimStart('\uFEFF'));
        var bonus = copied.Where(f => f.Contains($"{Path.DirectorySeparatorChar}bonus{Path.DirectorySeparatorChar}", StringComparison.Ordinal) && Path.GetFileName(f) == "manifest.json")
            .OrderBy(f => f, StringComparer.Ordinal).LastOrDefault();
        if (bonus is not null)
        {
            using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(bonus));
            var m = manifest.RootElement;
            string Read(string name) => m.TryGetProperty(name, out var v) ? v.ToString() : "?";
            console.WriteLine();
            console.WriteLine($"Bonus: {Read("paidCount")} agents paid, CNY {Read("totalAmount")} in total (rules {Read("rulesVersion")}, version {Read("version")}).");
        }
    }

    private void Step(string text) => console.WriteLine($"\n== {text}");

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
}
