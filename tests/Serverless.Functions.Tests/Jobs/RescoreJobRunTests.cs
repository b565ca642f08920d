using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Serverless.Application.Ports;
using Serverless.Functions.Invocations;
using Serverless.Functions.Tests.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Jobs;

/// <summary>
/// A month's re-score as a job, on Azurite with the real stores: HR's request answers 202 with the job, the job runs
/// from the <c>rescore-jobs</c> queue (played here as the Functions host plays a storage queue trigger), a day a
/// message, and ends with the ledger a re-score gives; a step delivered again, or failing half-way, counts each day
/// once; a step failing its last delivery, or its message in the poison queue, fails the job with the reason.
/// The handler's clock is 09:00 on 20 October 2026 in Shanghai; the days scored are 18 and 19 October.
/// </summary>
public sealed class RescoreJobRunTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly DateOnly[] Days = [new(2026, 10, 18), new(2026, 10, 19)];
    private static readonly string[] Agents = ["JR01", "JR02", "JR03"];

    private readonly List<HandlerHost> _hosts = [];

    private HandlerHost Host(IRescoreJobQueue? queue = null)
    {
        var options = ScoringHost.Options(azurite.ConnectionString) with { TrustRoleHeaders = true };
        var host = new HandlerHost(queue is null ? options : options.Replace(queue));
        _hosts.Add(host);
        return host;
    }

    private IRescoreJobQueue RealQueue() =>
        new RescoreJobQueue(new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

    /// <summary>Two scored days of three agents (once per test class: the stores are shared).</summary>
    private static async Task SeedAsync(HandlerHost host)
    {
        await host.RosterAsync([.. Agents.Select(a => (a, "D5", "S1"))]);
        foreach (var day in Days)
        {
            await host.ScoreAllAsync(await host.DropAsync(Exports.CallsBlob(day, "jobs"), Exports.Calls(day, ("JR01", 10, 200), ("JR02", 12, 260), ("JR03", 14, 300))));
            await host.ScoreAllAsync(await host.DropAsync(Exports.TimeBlob(day, "jobs"), Exports.Time(day, [.. Agents.Select(a => (a, 28800, 28800, 1000, 0.97))])));
        }
    }

    /// <summary>Every agent's ledger of both days as JSON, to compare states.</summary>
    private static async Task<string> LedgerAsync(HandlerHost host)
    {
        var rows = new List<object>();
        // Ledger rows of a day (their ETags and timestamps aside): what an agent sees.
        foreach (var agent in Agents)
        {
            foreach (var day in Days)
            {
                rows.AddRange((await host.LedgerDayAsync(agent, day)).Select(e => new { e.AgentId, Period = e.Period.ToString(), e.Rule, Dimension = e.Dimension.ToString(), e.Points, e.Inputs }));
            }
        }
        return JsonSerializer.Serialize(rows);
    }

    private static async Task<int> MonthPointsAsync(HandlerHost host, string agent) =>
        (await host.Get<IAgentMonthStore>().GetAsync(agent, new(2026, 10), CancellationToken.None))!.Days.Count;

    [Fact]
    public async Task A_rescore_answers_202_with_its_job_which_runs_day_by_day_from_the_queue_and_leaves_an_unchanged_ledger_as_it_was()
    {
        var host = Host();
        await SeedAsync(host);
        var before = await LedgerAsync(host);
        var admin = host.Admin();

        var accepted = await admin.RescoreAsync("2026-10", "roster fix", "jobs-a1");

        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        Assert.Equal("/api/jobs/jobs-a1", accepted.Headers.Location?.OriginalString);
        Assert.NotNull(accepted.Headers.RetryAfter);
        var queued = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("queued", 0, (int?)null, 0, (int?)null), queued.Progress());
        Assert.Equal(("rescore", "2026-10", "roster fix"), (queued.GetProperty("kind").GetString(), queued.GetProperty("month").GetString(), queued.GetProperty("reason").GetString()));

        var answers = await host.RunJobsAsync();

        // One message plans the job, then one a day.
        Assert.Equal(3, answers.Count);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        var done = await host.Reader().JobAsync("jobs-a1");
        Assert.Equal(("succeeded", 2, (int?)2, 6, (int?)6), done.Progress());
        var result = done.GetProperty("result");
        Assert.Equal(("2026-10", 6, 3), (result.GetProperty("month").GetString(), result.GetProperty("agentDays").GetInt32(), result.GetProperty("agents").GetInt32()));
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        // Nothing changed since the days were scored, so the re-score leaves the ledger as it was.
        Assert.Equal(before, await LedgerAsync(host));
        Assert.Equal(2, await MonthPointsAsync(host, "JR01"));

        // The same request again is the same job; the key for another request is a conflict; no key is a 400.
        var again = await admin.RescoreAsync("2026-10", "roster fix", "jobs-a1");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("succeeded", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Empty(await host.RunJobsAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.RescoreAsync("2026-10", "another reason", "jobs-a1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.RescoreAsync("2026-10", "roster fix", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/jobs/no-such-job")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T1").GetAsync("/api/jobs/jobs-a1")).StatusCode);
    }

    [Fact]
    public async Task A_step_delivered_again_after_it_recorded_its_day_or_failing_after_it_counts_each_day_once_and_the_job_ends_as_a_clean_run()
    {
        // Send 3 is the one after day 18 is recorded: it fails, so that step's message is delivered again.
        var flaky = new FlakyJobQueue(RealQueue()) { Failing = [3] };
        var host = Host(flaky);
        await SeedAsync(host);
        var before = await LedgerAsync(host);

        Assert.Equal(HttpStatusCode.Accepted, (await host.Admin().RescoreAsync("2026-10", "rules fix", "jobs-b1")).StatusCode);
        var plan = await host.DeliverNextAsync();
        Assert.Equal(HttpStatusCode.OK, plan!.Value.Status);
        // Day 18 is scored and recorded, then queuing the next step fails: the invocation fails and the host retries it.
        var failed = await host.DeliverNextAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, failed!.Value.Status);
        var between = await host.Reader().JobAsync("jobs-b1");
        Assert.Equal(("running", 1, (int?)2, 3, (int?)6), between.Progress());
        Assert.Contains("queue service unavailable", between.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // The redelivery (dequeue count 2) finds day 18 recorded and scores day 19; a duplicate of that step, left
        // unsettled by a "crash" after the handler answered, finds the job done and changes nothing.
        var redelivered = await host.DeliverNextAsync(settle: false);
        Assert.Equal((HttpStatusCode.OK, 2L), (redelivered!.Value.Status, redelivered.Value.Message.DequeueCount));
        Assert.Contains("2026-10-19 re-scored", redelivered.Value.Body, StringComparison.Ordinal);
        var rest = await host.RunJobsAsync();
        Assert.Contains("succeeded already", Assert.Single(rest).Body, StringComparison.Ordinal);

        var done = await host.Reader().JobAsync("jobs-b1");
        Assert.Equal(("succeeded", 2, (int?)2, 6, (int?)6), done.Progress());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("lastError").ValueKind);
        Assert.Equal(before, await LedgerAsync(host));
        Assert.Equal(2, await MonthPointsAsync(host, "JR02"));
    }

    [Fact]
    public async Task A_step_failing_its_last_delivery_fails_the_job_with_the_error_and_a_poisoned_message_fails_a_job_that_could_not_say_why()
    {
        // Every send after the request's own fails: the plan is recorded, its next step can never be queued.
        var flaky = new FlakyJobQueue(RealQueue()) { Failing = [.. Enumerable.Range(2, 100)] };
        var host = Host(flaky);
        await SeedAsync(host);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Admin().RescoreAsync("2026-10", "rules fix", "jobs-c1")).StatusCode);
        var message = (await host.JobQueue().ReceiveMessagesAsync(1)).Value.Single();
        await host.JobQueue().DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var last = await host.DeliverAsync("RescoreJobs", message.Body.ToString(), dequeueCount: RescoreJobsFunction.MaxDequeueCount);

        Assert.Equal(HttpStatusCode.InternalServerError, last.Status);
        var failed = await host.Reader().JobAsync("jobs-c1");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var error = failed.GetProperty("error");
        Assert.Equal("/api/jobs/jobs-c1", error.GetProperty("instance").GetString());
        Assert.Contains($"last delivery ({RescoreJobsFunction.MaxDequeueCount} of {RescoreJobsFunction.MaxDequeueCount})", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("queue service unavailable", error.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A job whose handler died on every delivery recorded nothing; its message in the poison queue fails it.
        var silent = new FlakyJobQueue(RealQueue()) { Failing = [] };
        var other = Host(silent);
        Assert.Equal(HttpStatusCode.Accepted, (await other.Admin().RescoreAsync("2026-10", "rules fix", "jobs-c2")).StatusCode);
        var queued = (await other.JobQueue().ReceiveMessagesAsync(1)).Value.Single();
        await other.JobQueue().DeleteMessageAsync(queued.MessageId, queued.PopReceipt);
        var poisoned = await other.DeliverAsync("RescoreJobsPoison", queued.Body.ToString());
        Assert.Equal(HttpStatusCode.OK, poisoned.Status);
        var detail = (await other.Reader().JobAsync("jobs-c2")).GetProperty("error").GetProperty("detail").GetString();
        Assert.Contains("planning the job failed on each of its 5 deliveries", detail, StringComparison.Ordinal);
        Assert.Contains(Queues.RescoreJobsPoison, detail, StringComparison.Ordinal);
        // Late, the failed job takes no more steps.
        Assert.Contains("failed already", (await other.DeliverAsync("RescoreJobs", queued.Body.ToString())).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_handlers_max_dequeue_count_is_host_jsons()
    {
        var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "host.json")));
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(RescoreJobsFunction.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        // The app sends base64 (RescoreJobQueue), which the trigger decodes only when host.json says so.
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }

    public void Dispose()
    {
        foreach (var host in _hosts) host.Dispose();
    }
}
