using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Samples;

namespace Serverless.MainJob;

/// <summary>
/// The product in one run: exports (generated or given) are dropped into the local host's Azurite, parsed and scored by
/// the real handler through the emulated triggers, and each month is closed — the generated last month by the monthly
/// timer run now, any other month through HR's <c>POST /api/months/{m}/publish</c> over the host's HTTP. The import
/// reports and the published ranking and bonus files are copied out (Azurite is in memory and goes with the run) and
/// summarised. Every path printed is relative to <see cref="MainJobOptions.WorkingDirectory"/>, or full when outside it.
/// </summary>
public sealed class MainJobRun(MainJobOptions options, TextWriter console, TimeProvider clock)
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);
    /// <summary>Imports that stop moving for this long are stuck (the handler keeps failing); the job says so instead of waiting forever.</summary>
    private static readonly TimeSpan ImportStall = TimeSpan.FromMinutes(5);
    private const int MaxBusyRetries = 5;

    public MainJobRun(MainJobOptions options, TextWriter console)
        : this(options, console, TimeProvider.System)
    {
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var root = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);
        var output = options.OutputDirectory ?? Path.Combine(root, "artifacts", "main-job");
        var calendar = new BusinessCalendar(clock);
        var handler = LocalStack.BuiltHandlerCommand(root, options.Configuration);
        var (exports, generated) = PrepareExports(calendar, output);
        var months = generated is { } month ? [month] : exports.Months;

        Step($"Starting Azurite and the local host (handler {Show(handler[^1])})");
        await using var stack = await LocalStack.StartAsync(
            root,
            handler,
            o => o with { EnableTimers = false, AppSettings = StackSettings(o.AppSettings) },
            logging => logging.SetMinimumLevel(LogLevel.Warning),
            cancellationToken);
        console.WriteLine($"  host at {stack.BaseAddress}  (function key {stack.Options.FunctionKeys[0]})");

        var container = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The roster goes first and is waited for, so agents are scored under their departments from day one.
        await DropAsync(container, exports, exports.Roster, cancellationToken);
        await WaitForImportsAsync(stack, exports.Roster, cancellationToken);
        await DropAsync(container, exports, exports.Days, cancellationToken);
        await WaitForImportsAsync(stack, exports.Files, cancellationToken);
        var reports = await CopyReportsAsync(stack, exports, output, cancellationToken);
        await WaitForScoringAsync(stack, cancellationToken);

        var published = new List<(YearMonth Month, int Version, string Rankings, string Bonus)>();
        var notPublished = new List<string>();
        foreach (var m in months)
        {
            if (m.CompareTo(calendar.MonthToClose) > 0)
            {
                Step($"{m} is not over yet (today is {calendar.Today:yyyy-MM-dd} in Asia/Shanghai): its days are imported and scored, the month is not published");
                continue;
            }
            var version = generated == m && m == calendar.MonthToClose
                ? await RunTimerAsync(stack, m, cancellationToken)
                : await PublishThroughHrAsync(stack, m, exports, cancellationToken);
            if (version is null)
            {
                notPublished.Add(m.ToString());
                continue;
            }
            var copied = await CopyPublishedAsync(stack, m, output, cancellationToken);
            if (copied.Count == 0)
            {
                notPublished.Add(m.ToString());
                console.WriteLine($"  {m}: nothing was published under rankings/{m}/ or bonus/{m}/.");
                continue;
            }
            ShowRanking(copied);
            published.Add((m, version.Value, Path.Combine(output, "rankings", m.ToString(), $"v{version}"), Path.Combine(output, "bonus", m.ToString(), $"v{version}")));
        }

        Step($"Main job finished in {total.Elapsed.TotalSeconds:0} s");
        foreach (var p in published)
        {
            console.WriteLine($"  {p.Month} v{p.Version}: {Show(p.Rankings)}/ and {Show(p.Bonus)}/");
        }
        if (reports.Copied > 0)
        {
            var bad = reports.Rejected + reports.PartlyRejected > 0 ? $" ({reports.Rejected} rejected, {reports.PartlyRejected} partly rejected: see above)" : "";
            console.WriteLine($"  import reports: {Show(Path.Combine(output, "reports"))}/{bad}");
        }
        if (notPublished.Count > 0)
        {
            throw new InvalidOperationException($"not published: {string.Join(", ", notPublished)} (the reason is above).");
        }
        if (published.Count == 0)
        {
            throw new InvalidOperationException($"nothing was published: no month the exports cover ({string.Join(", ", months)}) has ended yet.");
        }
        if (options.Serve) await ServeAsync(stack, published[^1].Month, cancellationToken);
        return 0;
    }

    /// <summary>
    /// <c>--serve</c>: the stack stays up with what was just published, and the user is told where the web app is and how to
    /// sign in (the local host's development sign-in), until Ctrl+C, which is this mode's normal end.
    /// </summary>
    private async Task ServeAsync(LocalStack stack, YearMonth month, CancellationToken cancellationToken)
    {
        var app = new Uri(stack.BaseAddress, "/app");
        Step("Serving the web app (Ctrl+C stops Azurite and the local host)");
        console.WriteLine($"  web app at {app}");
        console.WriteLine($"  sign in at {new Uri(stack.BaseAddress, "/app/signin")}: pick a role (hr-admin, hr-reader, team-lead with a team, agent with an agent id);");
        console.WriteLine($"  the leaderboard of {month} is at {new Uri(stack.BaseAddress, $"/app/leaderboard?month={month}")}");
        console.WriteLine($"  the HR API is at {new Uri(stack.BaseAddress, "/api")} with the function key above");
        console.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine("  stopped.");
        }
    }

    /// <summary>
    /// The stack's app settings: on a clock other than the machine's (a test's, or <c>Testing__Now</c>), the local host and
    /// the handler are started on it too, so all three agree which month has ended.
    /// </summary>
    private Dictionary<string, string> StackSettings(IReadOnlyDictionary<string, string> settings)
    {
        var result = new Dictionary<string, string>(settings, StringComparer.OrdinalIgnoreCase);
        if (!ReferenceEquals(clock, TimeProvider.System))
        {
            result[Serverless.CustomHandler.TestingClock.EnvironmentVariable] = Serverless.CustomHandler.TestingClock.Format(clock.GetUtcNow());
        }
        return result;
    }

    private (ExportsFolder Exports, YearMonth? Generated) PrepareExports(BusinessCalendar calendar, string output)
    {
        if (options.ExportsDirectory is { } given)
        {
            if (!Directory.Exists(given)) throw new InvalidOperationException($"--exports {Show(given)}: no such folder.");
            var found = ExportsFolder.Scan(given);
            Step($"Taking {found.Files.Count} exports from {Show(given)}/ (months {string.Join(", ", found.Months)})");
            foreach (var skipped in found.Skipped)
            {
                console.WriteLine($"  skipped {Show(skipped.FullPath)}: {skipped.Reason}");
            }
            if (found.Days.Count == 0)
            {
                throw new InvalidOperationException($"--exports {Show(given)}: no export of a day in it (calls, agent-time, quality, awards or work-items under {{kind}}/{{yyyy-MM-dd}}/{{source}}.csv[.gz]).");
            }
            return (found, null);
        }

        var month = options.MonthToGenerate(calendar);
        var agents = options.Agents ?? MainJobOptions.DefaultAgents;
        var target = Path.Combine(output, "exports");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Step($"Generating {month} for {agents} agents into {Show(target)}/");
        var sample = new SampleOptions { Agents = agents, Days = month.LastDay.Day, StartDate = month.FirstDay };
        var files = SampleGenerator.WriteTree(target, sample);
        console.WriteLine($"  {files.Count} files, {Megabytes(files.Sum(f => new FileInfo(Path.Combine(target, f)).Length))}");
        return (ExportsFolder.Scan(target), month);
    }

    private async Task DropAsync(BlobContainerClient exports, ExportsFolder folder, IReadOnlyList<ExportFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0) return;
        Step($"Dropping {files.Count} file(s) into the exports container");
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            await using var stream = File.OpenRead(Path.Combine(folder.Directory, file.BlobName));
            await exports.GetBlobClient(file.BlobName).UploadAsync(stream, overwrite: true, ct);
        });
    }

    /// <summary>Every dropped file has an import status row once ParseExport has run for it (accepted or not).</summary>
    private async Task WaitForImportsAsync(LocalStack stack, IReadOnlyList<ExportFile> dropped, CancellationToken cancellationToken)
    {
        if (dropped.Count == 0) return;
        var imports = new TableServiceClient(stack.StorageConnectionString).GetTableClient("Imports");
        var expected = dropped.Select(f => f.BlobName).ToHashSet(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var moved = Stopwatch.StartNew();
        var shown = Stopwatch.StartNew();
        var last = -1;
        while (true)
        {
            var rows = new List<TableEntity>();
            try
            {
                await foreach (var row in imports.QueryAsync<TableEntity>(select: ["Status", "BlobName"], cancellationToken: cancellationToken)) rows.Add(row);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404) { }
            var seen = rows.Select(r => r.GetString("BlobName")).Where(expected.Contains).ToHashSet(StringComparer.Ordinal);
            if (seen.Count != last) moved.Restart();
            if (seen.Count != last && (shown.Elapsed > ProgressEvery || seen.Count >= expected.Count))
            {
                shown.Restart();
                var rejected = rows.Count(r => r.GetString("Status") == "Rejected");
                console.WriteLine($"  imported {seen.Count} of {expected.Count} files{(rejected > 0 ? $" ({rejected} rejected)" : "")}  [{watch.Elapsed.TotalSeconds:0} s]");
            }
            last = seen.Count;
            if (seen.Count >= expected.Count) return;
            if (moved.Elapsed > ImportStall)
            {
                var missing = expected.Except(seen).Order(StringComparer.Ordinal).Take(5);
                throw new TimeoutException($"no import finished in {ImportStall.TotalMinutes:0} minutes; still without a status: {string.Join(", ", missing)}. The handler's warnings above say why.");
            }
            await Task.Delay(500, cancellationToken);
        }
    }

    private sealed record ReportsCopied(int Copied, int Rejected, int PartlyRejected);

    /// <summary>
    /// Copies the run's import reports (JSON, and the errors CSV of files with bad rows) to <c>{out}/reports/</c>, in the
    /// reports container's layout, and says for each rejected or partly rejected file why and where its report now is.
    /// </summary>
    private async Task<ReportsCopied> CopyReportsAsync(LocalStack stack, ExportsFolder exports, string output, CancellationToken cancellationToken)
    {
        var target = Path.Combine(output, "reports");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        var container = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("reports");
        var copied = 0;
        if (await container.ExistsAsync(cancellationToken))
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, cancellationToken))
            {
                var local = LocalPath(target, blob.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await container.GetBlobClient(blob.Name).DownloadToAsync(local, cancellationToken);
                copied++;
            }
        }
        Step($"Import reports: {copied} file(s) copied to {Show(target)}/");

        var imports = new TableServiceClient(stack.StorageConnectionString).GetTableClient("Imports");
        var bad = new List<TableEntity>();
        try
        {
            await foreach (var row in imports.QueryAsync<TableEntity>(select: ["Status", "BlobName", "RejectionReason", "BadRows", "DataRows", "ReportBlob", "DuplicateOfBlob"], cancellationToken: cancellationToken))
            {
                if (row.GetString("Status") is "Rejected" or "AcceptedWithErrors" or "Duplicate") bad.Add(row);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // No import row at all: nothing was dropped.
        }
        var rejected = bad.Count(r => r.GetString("Status") == "Rejected");
        var duplicates = bad.Count(r => r.GetString("Status") == "Duplicate");
        if (bad.Count == 0) console.WriteLine("  every file was accepted in full");
        foreach (var row in bad.OrderBy(r => r.GetString("BlobName"), StringComparer.Ordinal))
        {
            var file = Path.Combine(exports.Directory, row.GetString("BlobName"));
            var report = row.GetString("ReportBlob") is { } name ? LocalPath(target, name) : null;
            var errors = report is null ? null : report[..^".json".Length] + ".errors.csv";
            var why = row.GetString("Status") switch
            {
                "Rejected" => $"rejected: {row.GetString("RejectionReason")}",
                "Duplicate" => $"not counted: the same bytes as {row.GetString("DuplicateOfBlob")}, which counts",
                _ => $"{row.GetInt64("BadRows"):N0} of {row.GetInt64("DataRows"):N0} rows rejected{FirstRowError(report)}",
            };
            console.WriteLine($"  {Show(file)} — {why}");
            if (report is not null && File.Exists(report)) console.WriteLine($"    report {Show(report)}");
            if (errors is not null && File.Exists(errors)) console.WriteLine($"    row errors {Show(errors)}");
        }
        return new ReportsCopied(copied, rejected, bad.Count - rejected - duplicates);
    }

    /// <summary>The first row error in a report, as a hint of what is wrong with the file's rows.</summary>
    private static string FirstRowError(string? report)
    {
        if (report is null || !File.Exists(report)) return "";
        using var json = JsonDocument.Parse(File.ReadAllBytes(report));
        if (!json.RootElement.TryGetProperty("rowErrors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0) return "";
        var first = errors[0];
        string Read(string name) => first.TryGetProperty(name, out var v) ? v.ToString() : "?";
        return $" (first: row {Read("row")}, {Read("column")}: {Read("reason")})";
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

    /// <summary>The scheduled close, run now: PublishMonth closes the last complete month. Returns the version published, or null.</summary>
    private async Task<int?> RunTimerAsync(LocalStack stack, YearMonth month, CancellationToken cancellationToken)
    {
        Step($"Running the monthly timer now (PublishMonth closes {month})");
        var timer = stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth");
        var outcome = await timer.RunNowAsync(cancellationToken);
        if (!outcome.Succeeded)
        {
            console.WriteLine($"  PublishMonth failed: {outcome.Failure}");
            return null;
        }
        console.WriteLine($"  done in {outcome.Duration.TotalSeconds:0.0} s");
        var version = await LatestVersionAsync(stack, month, cancellationToken);
        if (version is null) console.WriteLine($"  PublishMonth ran but published nothing for {month}: no agent has a scored day in it, no rules version is in force on its last day, or a business day lacks a required file (GET /api/months/{month}/completeness lists the gaps).");
        return version;
    }

    /// <summary>
    /// HR's publication of an ended month (<c>POST /api/months/{m}/publish</c> with a reason), as an HR system calls it:
    /// through the host's HTTP with the function key and the hr-admin role. Returns the version, or null with the reason printed.
    /// </summary>
    private async Task<int?> PublishThroughHrAsync(LocalStack stack, YearMonth month, ExportsFolder exports, CancellationToken cancellationToken)
    {
        var route = $"/api/months/{month}/publish";
        Step($"Publishing {month} through HR's POST {route}");
        using var http = new HttpClient { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("x-functions-key", stack.Options.FunctionKeys[0]);
        http.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        http.DefaultRequestHeaders.Add("X-Points-Caller", "main-job");
        var reason = $"Main job: {month} from the exports in {exports.Directory}";
        if (reason.Length > 500) reason = reason[..500];
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync(route, new { reason, acceptGaps = options.AcceptGaps }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(body);
                var version = json.RootElement.GetProperty("version").GetInt32();
                console.WriteLine($"  {(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.Created ? "published" : "unchanged, in force:")} v{version} in {watch.Elapsed.TotalSeconds:0.0} s");
                if (options.AcceptGaps) await ShowAcceptedGapsAsync(http, month, version, cancellationToken);
                return version;
            }
            var detail = ProblemDetail(body);
            if (response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter?.Delta is { } wait && attempt < MaxBusyRetries)
            {
                console.WriteLine($"  409 {detail} Trying again in {wait.TotalSeconds:0} s.");
                await Task.Delay(wait, cancellationToken);
                continue;
            }
            if (response.StatusCode == HttpStatusCode.Conflict && Gaps(body) is { } gaps)
            {
                ShowGaps(month, gaps, "not published: under the completeness policy wait a month is closed once every business day has its required files");
                console.WriteLine($"  Drop the missing files and run again, or publish with the gaps listed in the manifest: --accept-gaps (HR: \"acceptGaps\": true).");
                return null;
            }
            console.WriteLine($"  {(int)response.StatusCode}: {month} not published: {detail}");
            return null;
        }
    }

    /// <summary>The gaps of a "Month incomplete" problem (date, kind, source, state), or null for any other answer.</summary>
    private static List<(string Date, string Kind, string Source, string State)>? Gaps(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("gaps", out var gaps) || gaps.ValueKind != JsonValueKind.Array) return null;
            return [.. gaps.EnumerateArray().Select(g => (g.GetProperty("date").GetString()!, g.GetProperty("kind").GetString()!, g.GetProperty("source").GetString()!, g.GetProperty("state").GetString()!))];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ShowGaps(YearMonth month, List<(string Date, string Kind, string Source, string State)> gaps, string what)
    {
        const int Shown = 10;
        console.WriteLine($"  {month}: {gaps.Count} completeness gap{(gaps.Count == 1 ? "" : "s")}, {what}:");
        foreach (var g in gaps.Take(Shown)) console.WriteLine($"    {g.Date} {g.Kind} from {g.Source}: {g.State}");
        if (gaps.Count > Shown) console.WriteLine($"    … and {gaps.Count - Shown} more");
        console.WriteLine($"  Every day, kind and source with its import report: GET /api/months/{month}/completeness");
    }

    /// <summary>After a publication with --accept-gaps: the gaps its manifest lists.</summary>
    private async Task ShowAcceptedGapsAsync(HttpClient http, YearMonth month, int version, CancellationToken cancellationToken)
    {
        using var manifest = JsonDocument.Parse(await http.GetStringAsync($"/api/months/{month}/files/manifest.json?version={version}", cancellationToken));
        if (!manifest.RootElement.TryGetProperty("completeness", out var completeness) || completeness.ValueKind != JsonValueKind.Object) return;
        var gaps = completeness.GetProperty("gaps").EnumerateArray()
            .Select(g => (g.GetProperty("date").GetString()!, g.GetProperty("kind").GetString()!, g.GetProperty("source").GetString()!, g.GetProperty("state").GetString()!)).ToList();
        if (gaps.Count > 0) ShowGaps(month, gaps, $"published with --accept-gaps, listed in v{version}'s manifest.json");
    }

    private static string ProblemDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? body
                : root.TryGetProperty("title", out var title) ? title.GetString() ?? body : body;
        }
        catch (JsonException)
        {
            return body.Length == 0 ? "(no body)" : body;
        }
    }

    private static async Task<int?> LatestVersionAsync(LocalStack stack, YearMonth month, CancellationToken cancellationToken)
    {
        var rankings = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("rankings");
        if (!await rankings.ExistsAsync(cancellationToken)) return null;
        int? latest = null;
        await foreach (var blob in rankings.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{month}/", cancellationToken))
        {
            if (blob.Name.EndsWith("/manifest.json", StringComparison.Ordinal) && VersionOf(blob.Name) is { } v && v > (latest ?? 0)) latest = v;
        }
        return latest;
    }

    /// <summary>n of <c>{yyyy-MM}/v{n}/{file}</c>.</summary>
    private static int? VersionOf(string blobName)
    {
        var parts = blobName.Split('/');
        return parts.Length == 3 && parts[1].StartsWith('v') && int.TryParse(parts[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private async Task<IReadOnlyList<string>> CopyPublishedAsync(LocalStack stack, YearMonth month, string output, CancellationToken cancellationToken)
    {
        var blobs = new BlobServiceClient(stack.StorageConnectionString);
        var copied = new List<string>();
        foreach (var container in new[] { "rankings", "bonus" })
        {
            var folder = Path.Combine(output, container, month.ToString());
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var client = blobs.GetBlobContainerClient(container);
            if (!await client.ExistsAsync(cancellationToken)) continue;
            await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{month}/", cancellationToken))
            {
                var local = LocalPath(Path.Combine(output, container), blob.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await client.GetBlobClient(blob.Name).DownloadToAsync(local, cancellationToken);
                console.WriteLine($"  {Show(local)}");
                copied.Add(local);
            }
        }
        return copied;
    }

    private void ShowRanking(IReadOnlyList<string> copied)
    {
        string? Latest(string container, string file) => copied
            .Where(f => Path.GetFileName(f) == file && f.Contains($"{Path.DirectorySeparatorChar}{container}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => int.TryParse(Path.GetFileName(Path.GetDirectoryName(f))!.TrimStart('v'), CultureInfo.InvariantCulture, out var v) ? v : 0)
            .LastOrDefault();
        if (Latest("rankings", "ranking.csv") is { } ranking)
        {
            console.WriteLine();
            console.WriteLine($"  Top of the ranking ({Show(ranking)}):");
            foreach (var line in File.ReadLines(ranking, Encoding.UTF8).Take(11)) console.WriteLine("    " + line.TrimStart('\uFEFF'));
        }
        if (Latest("bonus", "manifest.json") is { } bonus)
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(bonus));
            var m = manifest.RootElement;
            string Read(string name) => m.TryGetProperty(name, out var v) ? v.ToString() : "?";
            console.WriteLine();
            console.WriteLine($"  Bonus: {Read("paidCount")} agents paid, CNY {Read("totalAmount")} in total (rules {Read("rulesVersion")}, version {Read("version")}).");
            if (m.TryGetProperty("teams", out var t) && t.ValueKind == JsonValueKind.Object)
            {
                string Share(string name) => (t.GetProperty(name).GetDecimal() * 100m).ToString("0.#", CultureInfo.InvariantCulture) + " %";
                console.WriteLine($"  Teams: {t.GetProperty("teamsWithTier")} of {t.GetProperty("teams")} with a member in a tier ({Share("teamsWithTierShare")}); "
                    + $"agents ever in a tier: {t.GetProperty("agentsEverInTier")} of {t.GetProperty("agents")} ({Share("agentsEverInTierShare")}); per team: teams.csv.");
            }
        }
    }

    /// <summary>A blob's local copy under <paramref name="folder"/>, refusing names that would leave it.</summary>
    private static string LocalPath(string folder, string blobName)
    {
        var local = Path.GetFullPath(Path.Combine(folder, blobName));
        if (!local.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Blob name '{blobName}' would be copied outside {folder}.");
        }
        return local;
    }

    /// <summary>A path as the user can use it where they ran the job: relative to that folder, or full when outside it.</summary>
    private string Show(string path)
    {
        var relative = Path.GetRelativePath(options.WorkingDirectory, path);
        return relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
    }

    private void Step(string text) => console.WriteLine($"\n== {text}");

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.0} MB";
}
