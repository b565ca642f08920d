using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.LocalHost;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The local host delivers as the real services do (CONTRACT.md), and the app holds up: an Event Grid event answered too
/// late is delivered again and imported once; a Service Bus lock that lapses redelivers and scores once, a lock renewed
/// in time does not; a timer's retry policy re-runs it with RetryContext; a missed occurrence runs at start, past due.
/// </summary>
public sealed class DeliveryTests
{
    private static string Root => AzuriteFixture.RepoRoot;

    private static string Calls(string agent, DateOnly day) =>
        "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n" +
        $"{agent}-1,{agent},{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:05:00,300,0,30,19900000001\r\n" +
        $"{agent}-2,{agent},{day:yyyy-MM-dd} 10:00:00,{day:yyyy-MM-dd} 10:03:00,180,0,30,19900000002\r\n";

    private static string AgentTime(string agent, DateOnly day) =>
        $"agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\n{agent},{day:yyyy-MM-dd},28800,28800,1000,0.97\r\n";

    private static Task<LocalStack> StartAsync(InvocationCapture capture, Func<LocalHostOptions, LocalHostOptions> configure, Func<string, Task>? seed = null) =>
        LocalStack.StartAsync(Root, LocalStack.BuiltHandlerCommand(Root, LocalStackFixture.Configuration),
            options => configure((options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(100), BeforeInvoke = capture.BeforeInvokeAsync }).AtAmbientNow()),
            seedStorage: seed);

    [Fact]
    public async Task An_event_answered_after_Event_Grids_window_is_delivered_again_and_the_blob_is_imported_once()
    {
        var capture = new InvocationCapture();
        var redelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The first delivery is held until Event Grid, having given up on it after the window, delivers the event again:
        // the two run at once, however slow the machine.
        capture.Policy = async (attempt, ct) =>
        {
            if (attempt.Function != "ParseExport") return null;
            if (capture.Of("ParseExport").Count == 1)
            {
                await redelivered.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
            }
            else
            {
                redelivered.TrySetResult();
            }
            return null;
        };
        await using var stack = await StartAsync(capture, o => o with
        {
            EventGridResponseWindow = TimeSpan.FromSeconds(1),
            EventGridRetryDelays = [TimeSpan.FromMilliseconds(200)],
        });
        var day = new DateOnly(2026, 9, 22);

        await (await stack.ExportsAsync()).UploadBlobAsync($"calls/{day:yyyy-MM-dd}/slow.csv", BinaryData.FromString(Calls("DL0001", day)));

        var journal = stack.Host.Services.GetRequiredService<InvocationJournal>();
        await Eventually.UntilAsync(() => Task.FromResult(journal.Snapshot().TryGetValue("ParseExport", out var c) && c.Succeeded >= 2), "both deliveries of the event to end");
        var attempts = capture.Of("ParseExport");
        Assert.True(attempts.Count >= 2, $"{attempts.Count} deliveries");
        // The same event (same id) each time, as Event Grid retries it.
        Assert.Single(attempts.Select(a => InvocationCapture.Metadata(a, "id")).Distinct());
        Assert.Equal(0, journal.Snapshot()["ParseExport"].Failed);

        var storage = StorageClients.FromConnectionString(stack.StorageConnectionString);
        var imports = await new ImportLog(storage).ListAsync(day, ExportKind.Calls, null, CancellationToken.None);
        var import = Assert.Single(imports);
        Assert.Equal(ImportStatus.Accepted, import.Status);
        var month = await Eventually.WaitAsync(() => new AgentMonthStore(storage).GetAsync("DL0001", YearMonth.Of(day), CancellationToken.None), "the agent's running month");
        Assert.Equal(2, Assert.Single(month!.Days).Metrics.AnsweredCalls);
    }

    [Theory]
    [InlineData(3, 1440 * 60_000, "MaxDeliveryAttemptsExceeded", 3)]
    [InlineData(30, 300, "TimeToLiveExceeded", 1)]
    public async Task An_event_that_keeps_failing_is_retried_then_dead_lettered_in_Event_Grids_form(int maxAttempts, int ttlMs, string reason, int attempts)
    {
        var capture = new InvocationCapture();
        capture.Policy = (attempt, _) => Task.FromResult(attempt.Function == "ParseExport" ? "injected: the function fails" : null);
        await using var stack = await StartAsync(capture, o => o with
        {
            EventGridMaxAttempts = maxAttempts,
            EventGridTimeToLive = TimeSpan.FromMilliseconds(ttlMs),
            EventGridRetryDelays = [TimeSpan.FromMilliseconds(400)],
        });

        await (await stack.ExportsAsync()).UploadBlobAsync("calls/2026-09-25/failing.csv", BinaryData.FromString(Calls("DL0004", new DateOnly(2026, 9, 25))));

        var deadLetters = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient(BlobCreatedTrigger.DeadLetterContainer);
        var record = await Eventually.WaitAsync(async () =>
        {
            if (!await deadLetters.ExistsAsync()) return null;
            await foreach (var blob in deadLetters.GetBlobsAsync())
            {
                return JsonNode.Parse((await deadLetters.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString())!.AsArray().Single();
            }
            return null;
        }, "the dead-lettered event");
        Assert.Equal(reason, record!["deadLetterReason"]!.GetValue<string>());
        Assert.Equal(attempts, record["deliveryAttempts"]!.GetValue<int>());
        Assert.Contains("injected", record["lastDeliveryOutcome"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/blobServices/default/containers/exports/blobs/calls/2026-09-25/failing.csv", record["subject"]!.GetValue<string>());
        Assert.Equal(attempts, capture.Of("ParseExport").Count);
    }

    [Fact]
    public async Task A_Service_Bus_lock_that_lapses_redelivers_the_message_and_the_day_is_scored_once()
    {
        var capture = new InvocationCapture();
        // Every first delivery is held until its lock (1 s, never renewed) has lapsed and the message is delivered again.
        var redelivered = new System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        TaskCompletionSource Redelivery(InvocationAttempt attempt) =>
            redelivered.GetOrAdd(InvocationCapture.Metadata(attempt, "MessageId") ?? "", _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        capture.Policy = async (attempt, ct) =>
        {
            if (attempt.Function != "ScoreAgentDays") return null;
            if (InvocationCapture.Metadata(attempt, "DeliveryCount") == "1")
            {
                await Redelivery(attempt).Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
            }
            else
            {
                Redelivery(attempt).TrySetResult();
            }
            return null;
        };
        await using var stack = await StartAsync(capture, o => o with { LockDuration = TimeSpan.FromSeconds(1), MaxAutoLockRenewalDuration = TimeSpan.Zero });
        var day = new DateOnly(2026, 9, 23);
        var exports = await stack.ExportsAsync();

        await exports.UploadBlobAsync($"calls/{day:yyyy-MM-dd}/lapse.csv", BinaryData.FromString(Calls("DL0002", day)));
        await exports.UploadBlobAsync($"agent-time/{day:yyyy-MM-dd}/lapse.csv", BinaryData.FromString(AgentTime("DL0002", day)));

        var ledger = new LedgerStore(StorageClients.FromConnectionString(stack.StorageConnectionString));
        await Eventually.UntilAsync(async () => (await ledger.GetAsync("DL0002", day, day, CancellationToken.None)).Count == 4, "the day's four ledger rows");
        await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(4));

        var deliveries = capture.Of("ScoreAgentDays").GroupBy(a => InvocationCapture.Metadata(a, "MessageId")).ToList();
        // Redelivered after the lapse (under heavy load the undelayed second delivery may outlive its 1 s lock too: a third is fine).
        Assert.Contains(deliveries, g => g.Select(a => InvocationCapture.Metadata(a, "DeliveryCount")).Order().Take(2).SequenceEqual(["1", "2"]));
        var entries = await ledger.GetAsync("DL0002", day, day, CancellationToken.None);
        Assert.Equal(entries.Count, entries.Select(e => e.Entry.Rule).Distinct().Count());
        Assert.Equal(0, await DeadLetteredAsync(stack));
    }

    [Fact]
    public async Task A_lock_renewed_while_the_function_runs_is_not_delivered_again()
    {
        var capture = new InvocationCapture();
        // The function outlives its lock twice over, so the lock must be renewed twice. The local host renews at 80 % of
        // the lock: a 5 s lock leaves each renewal 1 s to reach Azurite, which a loaded machine needs (with a 1 s lock
        // and its 200 ms margin, a slow renewal let the message lapse and come back under load 20+).
        capture.Policy = async (attempt, ct) =>
        {
            if (attempt.Function == "ScoreAgentDays") await Task.Delay(TimeSpan.FromSeconds(11), ct);
            return null;
        };
        await using var stack = await StartAsync(capture, o => o with { LockDuration = TimeSpan.FromSeconds(5), MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(1) });
        var day = new DateOnly(2026, 9, 24);

        await (await stack.ExportsAsync()).UploadBlobAsync($"calls/{day:yyyy-MM-dd}/renewed.csv", BinaryData.FromString(Calls("DL0003", day)));
        await Eventually.UntilAsync(() => Task.FromResult(capture.Of("ScoreAgentDays").Count > 0), "a ScoreAgentDays delivery");
        await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(2), atLeast: 1);

        Assert.All(capture.Of("ScoreAgentDays"), a => Assert.Equal("1", InvocationCapture.Metadata(a, "DeliveryCount")));
    }

    [Fact]
    public async Task A_failed_timer_run_is_retried_by_its_policy_with_RetryContext()
    {
        var app = Directory.CreateTempSubdirectory("retry-app-");
        try
        {
            // The app as deployed, with PublishMonth's policy shortened from minutes to 200 ms.
            File.Copy(Path.Combine(Root, "host.json"), Path.Combine(app.FullName, "host.json"));
            foreach (var function in new[] { "ParseExport", "ScoreAgentDays", "PublishMonth", "HrApi" })
            {
                Directory.CreateDirectory(Path.Combine(app.FullName, function));
                var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "functions", function, "function.json")))!;
                if (function == "PublishMonth") json["retry"] = new JsonObject { ["strategy"] = "fixedDelay", ["maxRetryCount"] = 2, ["delayInterval"] = "00:00:00.200" };
                File.WriteAllText(Path.Combine(app.FullName, function, "function.json"), json.ToJsonString());
            }
            var capture = new InvocationCapture();
            capture.Policy = (attempt, _) => Task.FromResult(attempt.Function == "PublishMonth" && attempt.Retry?.RetryCount == 0 ? "injected: the first run fails" : null);
            await using var stack = await StartAsync(capture, o => o with { AppRoot = app.FullName, FunctionsRoot = app.FullName });

            var outcome = await stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth").RunNowAsync(CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Failure);
            var runs = capture.Of("PublishMonth");
            Assert.Equal(2, runs.Count);
            var first = runs[0].Body["Metadata"]!["RetryContext"]!;
            var second = runs[1].Body["Metadata"]!["RetryContext"]!;
            Assert.Equal(0, first["RetryCount"]!.GetValue<int>());
            Assert.Null(first["Exception"]);
            Assert.Equal(1, second["RetryCount"]!.GetValue<int>());
            Assert.Equal(2, second["MaxRetryCount"]!.GetValue<int>());
            Assert.Contains("injected", second["Exception"]!["InnerException"]!["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            app.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_occurrence_missed_while_the_host_was_down_runs_at_start_past_due()
    {
        var capture = new InvocationCapture();
        // Three days before the stack's clock starts (the ambient test now).
        var missed = TestClock.Ambient.AddDays(-3);
        // What the host stored when it last ran: the next occurrence, now three days gone.
        async Task SeedAsync(string storage)
        {
            var hosts = new BlobServiceClient(storage).GetBlobContainerClient(TimerTrigger.HostsContainer);
            await hosts.CreateIfNotExistsAsync();
            await hosts.GetBlobClient("timers/localhost/Host.Functions.PublishMonth/status").UploadAsync(
                BinaryData.FromString($$"""{"Last":"{{missed.AddDays(-30):O}}","Next":"{{missed:O}}","LastUpdated":"{{missed.AddDays(-30):O}}"}"""), overwrite: true);
        }

        await using var stack = await StartAsync(capture, o => o with { EnableTimers = true }, SeedAsync);

        var run = await Eventually.WaitAsync(() => Task.FromResult(capture.Of("PublishMonth").FirstOrDefault()), "the past-due run");
        var timer = run!.Body["Data"]!["timer"]!;
        Assert.True(timer["IsPastDue"]!.GetValue<bool>());
        Assert.Equal(missed.ToString("O"), DateTimeOffset.Parse(timer["ScheduleStatus"]!["Next"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToString("O"));
        Assert.Single(capture.Of("PublishMonth")); // one catch-up run, however many occurrences were missed
    }

    private static async Task<int> DeadLetteredAsync(LocalStack stack)
    {
        var queues = new QueueServiceClient(stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        return (await queues.GetQueueClient(ServiceBusQueues.DeadLetterName("score-requests")).GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
