using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Serverless.LocalHost;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// The month close under faults (docs: Faults/README.md): the handler killed while the close writes its files, and the
/// blob service down while it does. October's last day is imported and scored, then October is closed at 02:00 on
/// 1 November in Shanghai, once with the fault and once clean, side by side; v1 is published once and the storage, files
/// included, equals the clean run's (apart from the version's clock stamps: when it was claimed, generated and completed).
/// </summary>
public sealed class FaultCloseTests(ITestOutputHelper output)
{
    private const int Agents = 12;
    private const string Month = "2026-10";
    private static readonly DateOnly LastDay = new(2026, 10, 31);

    /// <summary>
    /// A dead attempt's claim lapses after 3 s here (5 min by default) and the timer's retry policy comes back after 1 s
    /// (30 s doubling in function.json): the same path as in Azure, in seconds. Both runs use them; neither changes data.
    /// </summary>
    private static LocalHostOptions ShortLeases(LocalHostOptions options) => options with
    {
        AppSettings = new Dictionary<string, string>(options.AppSettings, StringComparer.OrdinalIgnoreCase) { ["MonthClose__ClaimLease"] = "00:00:03" },
        FunctionRetryDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>Besides the import's stamps: the version row's claim, generation and completion times and its attempt's id.</summary>
    private static readonly HashSet<string> CloseStamps = new(StringComparer.OrdinalIgnoreCase) { "ReceivedAt", "ClaimedAt", "BlobETag", "GeneratedAt", "CompletedAt", "AttemptId" };

    private static Task<FaultStack> StartAsync() => FaultStack.StartAsync(ShortLeases, OctoberClosingStack.ClosingMoment);

    private static async Task<IReadOnlyList<string>> CleanCloseAsync(IReadOnlyList<(string Name, string Content)> files, Func<FaultStack, Task> close)
    {
        await using var clean = await StartAsync();
        await clean.DropAndScoreAsync(files);
        await close(clean);
        var snapshot = await StorageSnapshot.TakeAsync(clean.Storage, CloseStamps);
        Assert.Contains(snapshot, l => l.StartsWith($"blob rankings/{Month}/v1/ranking.csv", StringComparison.Ordinal));
        return snapshot;
    }

    [Fact]
    public async Task The_handler_killed_while_the_close_writes_its_files_is_restarted_and_the_timers_retry_takes_the_claim_over_and_publishes_v1_once()
    {
        var files = FaultTests.DayFiles(LastDay, Agents, "close");
        var cleanRun = CleanCloseAsync(files, async clean =>
        {
            using var admin = Admin(clean);
            var run = await admin.PostAsync("/admin/functions/PublishMonth?wait=true", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.True(run.StatusCode == HttpStatusCode.OK, $"the clean close failed: {await run.Content.ReadAsStringAsync()}");
        });
        await using var faulted = await StartAsync();
        await faulted.DropAndScoreAsync(files);

        // The close's second blob write from now (its first file is written): the handler dies before it goes through,
        // leaving v1 claimed and half written. The claim it held is read at that moment, to show it is taken over.
        string? deadAttempt = null;
        var publications = new TableServiceClient(faulted.Storage).GetTableClient("Publications");
        faulted.Blobs.Arm(2, async () =>
        {
            deadAttempt = (await publications.GetEntityAsync<TableEntity>(Month, "v0001")).Value.GetString("AttemptId");
            await faulted.Stack.Handler.KillAsync();
            return false;
        });
        using var admin = Admin(faulted);
        var run = await admin.PostAsync("/admin/functions/PublishMonth?wait=true", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.True(run.StatusCode == HttpStatusCode.OK, $"the close did not complete on the timer's retry: {await run.Content.ReadAsStringAsync()}");
        Assert.True(faulted.Blobs.Fired, "the handler was never killed: the close made fewer than two blob writes");
        Assert.True(faulted.Stack.Handler.Starts >= 2, $"the handler was started {faulted.Stack.Handler.Starts} time(s)");
        var closes = faulted.Counts["PublishMonth"];
        Assert.True(closes.Failed >= 1 && closes.Succeeded == 1, $"PublishMonth {closes.Succeeded} succeeded, {closes.Failed} failed");
        var version = Assert.Single(await publications.QueryAsync<TableEntity>($"PartitionKey eq '{Month}'").ToListAsync());
        Assert.Equal(("v0001", "Complete"), (version.RowKey, version.GetString("State")));
        Assert.NotNull(deadAttempt);
        Assert.NotEqual(deadAttempt, version.GetString("AttemptId"));
        output.WriteLine($"handler starts {faulted.Stack.Handler.Starts}; PublishMonth {closes.Succeeded} succeeded, {closes.Failed} failed; claim of attempt {deadAttempt} taken over by {version.GetString("AttemptId")}");

        await StorageSnapshot.AssertManifestsMatchFilesAsync(faulted.Storage);
        StorageSnapshot.AssertEqual(await cleanRun, await StorageSnapshot.TakeAsync(faulted.Storage, CloseStamps));
    }

    [Fact]
    public async Task The_blob_service_down_while_the_close_writes_its_files_fails_HRs_publish_and_HRs_retry_publishes_v1_once()
    {
        var files = FaultTests.DayFiles(LastDay, Agents, "close");
        // The clean run: HR publishes, and calls again as after a lost answer (v1 in force, nothing written).
        var cleanRun = CleanCloseAsync(files, async clean =>
        {
            using var hr = Hr(clean);
            var first = await hr.PostAsJsonAsync($"/api/months/{Month}/publish", new { reason = "October close" });
            Assert.True(first.StatusCode == HttpStatusCode.Created, $"the clean publish answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
            Assert.Equal(HttpStatusCode.OK, (await hr.PostAsJsonAsync($"/api/months/{Month}/publish", new { reason = "October close" })).StatusCode);
        });
        await using var faulted = await StartAsync();
        await faulted.DropAndScoreAsync(files);

        // HR publishes October; at the close's second blob write (its first file is written) the blob service goes down.
        faulted.Blobs.Arm(2, async () => { await faulted.Azurite.StopServiceAsync("blob"); return true; });
        using var hr = Hr(faulted);
        var failed = await hr.PostAsJsonAsync($"/api/months/{Month}/publish", new { reason = "October close" });
        var failure = await failed.Content.ReadAsStringAsync();
        Assert.True(faulted.Blobs.Fired, "the blob service was never stopped: the close made fewer than two blob writes");
        Assert.True(failed.StatusCode == HttpStatusCode.ServiceUnavailable && failed.Headers.RetryAfter is not null,
            $"HR's publish answered {(int)failed.StatusCode} (Retry-After {failed.Headers.RetryAfter}) with the blob service down: {failure}");
        Assert.Contains("Storage unavailable", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure, StringComparison.Ordinal);
        output.WriteLine($"with the blob service down HR's publish answered {(int)failed.StatusCode}: {failure}");

        // The service comes back; HR tries again and gets v1, and again (a retry after a lost answer) gets v1 unchanged.
        await faulted.Azurite.StartServiceAsync("blob", CancellationToken.None);
        var published = await hr.PostAsJsonAsync($"/api/months/{Month}/publish", new { reason = "October close" });
        Assert.True(published.StatusCode == HttpStatusCode.Created, $"HR's retry answered {(int)published.StatusCode}: {await published.Content.ReadAsStringAsync()}");
        var again = await hr.PostAsJsonAsync($"/api/months/{Month}/publish", new { reason = "October close" });
        Assert.True(again.StatusCode == HttpStatusCode.OK, $"HR's second retry answered {(int)again.StatusCode}: {await again.Content.ReadAsStringAsync()}");

        var publications = new TableServiceClient(faulted.Storage).GetTableClient("Publications");
        var version = Assert.Single(await publications.QueryAsync<TableEntity>($"PartitionKey eq '{Month}'").ToListAsync());
        Assert.Equal(("v0001", "Complete"), (version.RowKey, version.GetString("State")));
        await StorageSnapshot.AssertManifestsMatchFilesAsync(faulted.Storage);
        // The audit trail's rows are keyed by the time of the call: compared by count (the failed call is not recorded).
        var clean = await cleanRun;
        var faultedSnapshot = await StorageSnapshot.TakeAsync(faulted.Storage, CloseStamps);
        Assert.Equal(clean.Count(IsAudit), faultedSnapshot.Count(IsAudit));
        StorageSnapshot.AssertEqual([.. clean.Where(l => !IsAudit(l))], [.. faultedSnapshot.Where(l => !IsAudit(l))]);

        // The local host's Event Grid trigger outlived the outage: a file dropped now is imported.
        var imports = new TableServiceClient(faulted.Storage).GetTableClient("Imports");
        var before = await imports.RowCountAsync();
        await (await faulted.Stack.ExportsAsync()).UploadBlobAsync($"calls/2026-11-01/close.csv", BinaryData.FromString(FaultTests.DayFiles(new DateOnly(2026, 11, 1), 2, "close")[0].Content));
        await Eventually.UntilAsync(async () => await imports.RowCountAsync() > before, "the import of a file dropped after the blob service came back", TimeSpan.FromMinutes(10));
    }

    private static bool IsAudit(string line) => line.StartsWith("table AuditTrail ", StringComparison.Ordinal) || line.StartsWith("table AuditIds ", StringComparison.Ordinal);

    private static HttpClient Admin(FaultStack stack)
    {
        var client = new HttpClient { BaseAddress = stack.Stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("x-functions-key", stack.Stack.Options.MasterKey);
        return client;
    }

    private static HttpClient Hr(FaultStack stack)
    {
        var client = new HttpClient { BaseAddress = stack.Stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("x-functions-key", stack.Stack.Options.FunctionKeys[0]);
        client.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        return client;
    }
}
