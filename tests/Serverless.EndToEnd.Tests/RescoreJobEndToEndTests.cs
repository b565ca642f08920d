using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.LocalHost;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// HR's month re-score as a job through the local host: the request answers 202 at once, the job runs from the
/// <c>rescore-jobs</c> storage queue through the <c>RescoreJobs</c> queue trigger (a delivery failed on the way is made
/// visible again and delivered with its dequeue count one up), and <c>GET /api/jobs/{id}</c> ends succeeded with the
/// ledger as it was, nothing having changed; a job whose every delivery fails has its message moved to
/// <c>rescore-jobs-poison</c> after host.json's max dequeue count, and <c>RescoreJobsPoison</c> fails the job with why.
/// </summary>
public sealed class RescoreJobEndToEndTests
{
    private static readonly DateOnly[] Days = [new(2026, 9, 21), new(2026, 9, 22)];
    private static readonly string[] Agents = ["RJ001", "RJ002"];

    private static string Calls(DateOnly day) =>
        "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n" +
        string.Concat(Agents.Select((a, i) =>
            $"{a}-1,{a},{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:05:00,{240 + 60 * i},0,30,19900000001\r\n" +
            $"{a}-2,{a},{day:yyyy-MM-dd} 10:00:00,{day:yyyy-MM-dd} 10:03:00,180,0,30,19900000002\r\n"));

    private static string AgentTime(DateOnly day) =>
        "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\n" +
        string.Concat(Agents.Select(a => $"{a},{day:yyyy-MM-dd},28800,28800,1000,0.97\r\n"));

    private static bool IsJob(InvocationAttempt attempt, string id) => attempt.Body["Data"]!.ToJsonString().Contains(id, StringComparison.Ordinal);

    private static async Task<string> LedgerAsync(LocalStack stack)
    {
        var ledger = new LedgerStore(StorageClients.FromConnectionString(stack.StorageConnectionString));
        var rows = new List<string>();
        foreach (var agent in Agents)
        {
            rows.AddRange((await ledger.GetAsync(agent, Days[0], Days[^1], CancellationToken.None))
                .Select(e => $"{e.Entry.AgentId} {e.Entry.Period} {e.Entry.Rule} {e.Entry.Points} {e.Entry.Inputs}"));
        }
        return string.Join('\n', rows.Order(StringComparer.Ordinal));
    }

    private static async Task<HttpResponseMessage> RescoreAsync(HttpClient api, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/months/2026-09/rescore") { Content = JsonContent.Create(new { reason = "roster correction" }) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }

    private static Task<JsonElement> FinishedAsync(HttpClient api, string id) =>
        Eventually.WaitAsync<JsonElement?>(async () =>
        {
            var job = await api.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
            return job.GetProperty("status").GetString() is "succeeded" or "failed" ? job : null;
        }, $"job {id} to finish").ContinueWith(t => t.Result!.Value, TaskScheduler.Default);

    [Fact]
    public async Task A_rescore_job_runs_through_the_queue_trigger_survives_a_failed_delivery_and_a_job_that_always_fails_is_poisoned_with_its_reason()
    {
        var capture = new InvocationCapture();
        var redeliverAttempts = 0;
        capture.Policy = (attempt, _) =>
        {
            if (attempt.Function != "RescoreJobs") return Task.FromResult<string?>(null);
            if (IsJob(attempt, "e2e-poison")) return Task.FromResult<string?>("injected: this job's every delivery fails");
            // The job's second delivery (its first day) fails once, before the handler sees it.
            return Task.FromResult<string?>(IsJob(attempt, "e2e-job") && Interlocked.Increment(ref redeliverAttempts) == 2 ? "injected: the first day's first delivery fails" : null);
        };
        var root = AzuriteFixture.RepoRoot;
        await using var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, LocalStackFixture.Configuration),
            options => (options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(100), BeforeInvoke = capture.BeforeInvokeAsync }).AtAmbientNow());
        var exports = await stack.ExportsAsync();
        foreach (var day in Days)
        {
            await exports.UploadBlobAsync($"calls/{day:yyyy-MM-dd}/rescore-job.csv", BinaryData.FromString(Calls(day)));
            await exports.UploadBlobAsync($"agent-time/{day:yyyy-MM-dd}/rescore-job.csv", BinaryData.FromString(AgentTime(day)));
        }
        await Eventually.UntilAsync(async () => (await LedgerAsync(stack)).Split('\n').Length >= 16, "both days scored for both agents");
        await stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(2));
        var before = await LedgerAsync(stack);
        using var api = new HttpClient { BaseAddress = stack.BaseAddress };
        api.DefaultRequestHeaders.Add("x-functions-key", stack.Options.FunctionKeys[0]);
        api.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");

        var accepted = await RescoreAsync(api, "e2e-job");

        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        Assert.Equal("/api/jobs/e2e-job", accepted.Headers.Location?.OriginalString);
        var done = await FinishedAsync(api, "e2e-job");
        Assert.True(done.GetProperty("status").GetString() == "succeeded", done.GetRawText());
        var progress = done.GetProperty("progress");
        Assert.Equal((2, 2, 4, 4), (progress.GetProperty("daysDone").GetInt32(), progress.GetProperty("daysTotal").GetInt32(), progress.GetProperty("agentDaysDone").GetInt32(), progress.GetProperty("agentDaysTotal").GetInt32()));
        Assert.Equal(before, await LedgerAsync(stack));
        // The failed delivery came back with its dequeue count one up; the host's payload has the recorded form.
        var deliveries = capture.Of("RescoreJobs").Where(a => IsJob(a, "e2e-job")).ToList();
        Assert.Equal(4, deliveries.Count); // plan, day 21 failed, day 21 again, day 22
        Assert.Equal("2", InvocationCapture.Metadata(deliveries[2], "DequeueCount"));
        Assert.Equal(InvocationCapture.Metadata(deliveries[1], "Id"), InvocationCapture.Metadata(deliveries[2], "Id"));
        Assert.Equal(HostFixtures.ShapeLines(JsonNode.Parse(HostFixtures.Read("RescoreJobs.queue.json"))), HostFixtures.ShapeLines(deliveries[0].Body));

        Assert.Equal(HttpStatusCode.Accepted, (await RescoreAsync(api, "e2e-poison")).StatusCode);
        var failed = await FinishedAsync(api, "e2e-poison");

        Assert.True(failed.GetProperty("status").GetString() == "failed", failed.GetRawText());
        Assert.Contains($"moved to {Queues.RescoreJobsPoison}", failed.GetProperty("error").GetProperty("detail").GetString(), StringComparison.Ordinal);
        var poisoned = capture.Of("RescoreJobs").Where(a => IsJob(a, "e2e-poison")).Select(a => InvocationCapture.Metadata(a, "DequeueCount")).ToList();
        Assert.Equal(["1", "2", "3", "4", "5"], poisoned);
        Assert.Single(capture.Of("RescoreJobsPoison"));
        Assert.Equal(before, await LedgerAsync(stack));
    }
}
