using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Serverless.LocalHost;
using Serverless.Testing;
using Xunit.Abstractions;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// Scale-out (docs: Faults/README.md): the app on two instances at once, each its own handler process, both listening on
/// score-requests and taking Event Grid deliveries and HTTP requests in turn, while a day's import and HR's re-score of
/// the month overlap. Run beside the same input on one instance, the storage must be the same row by row.
/// </summary>
public sealed partial class ScaleOutTests(ITestOutputHelper output)
{
    private const int Agents = 20;
    private const string Month = "2026-10";
    private static readonly DateOnly[] Before = [new(2026, 10, 5), new(2026, 10, 6)];
    private static readonly DateOnly Overlapping = new(2026, 10, 7);

    /// <summary>The import's receipt and claim times and its blob's etag: not from the input.</summary>
    private static readonly HashSet<string> ClockStamps = new(StringComparer.Ordinal) { "ReceivedAt", "ClaimedAt", "BlobETag", "CreatedAt", "UpdatedAt" };

    [GeneratedRegex(@"ScoreAgentDays: Scored (\d+) agent-days .*; (\d+) agent-days scored again after another invocation", RegexOptions.CultureInvariant)]
    private static partial Regex ScoredLine();

    private sealed record Run(IReadOnlyList<string> Snapshot, int MessageAgentDays, int ScoredAgainOnConflict, int RescoreAgentDays, IReadOnlyList<int> InvocationsPerInstance)
    {
        /// <summary>Agent-day scorings beyond one per agent-day: the re-score's overlap with the import's, and those lost to a race.</summary>
        public int ScoredAgain => MessageAgentDays + ScoredAgainOnConflict + RescoreAgentDays - Agents * (Before.Length + 1);
    }

    private static async Task<Run> RunAsync(int instances)
    {
        await using var stack = await FaultStack.StartAsync(o => o with { Instances = instances });
        await stack.DropAndScoreAsync([.. Before.SelectMany(d => FaultTests.DayFiles(d, Agents, "scale"))]);

        // The day's two files land together and HR re-scores October at the same moment.
        var exports = await stack.Stack.ExportsAsync();
        var day = FaultTests.DayFiles(Overlapping, Agents, "scale");
        var uploads = day.Select(f => exports.UploadBlobAsync(f.Name, BinaryData.FromString(f.Content))).ToList();
        var rescore = RescoreAsync(stack, "rules corrected");
        await Task.WhenAll(uploads);
        var rescored = await rescore;
        var imports = new TableServiceClient(stack.Storage).GetTableClient("Imports");
        await Eventually.UntilAsync(async () => await FaultStack.CountAsync(imports) >= (Before.Length + 1) * 2, "the overlapping day's imports", TimeSpan.FromMinutes(10));
        await stack.Stack.WaitUntilQuietAsync("ScoreAgentDays", "score-requests", TimeSpan.FromSeconds(3), atLeast: 1);

        var scored = stack.Log.Lines.Select(l => ScoredLine().Match(l)).Where(m => m.Success).ToList();
        return new Run(
            await StorageSnapshot.TakeAsync(stack.Storage, ClockStamps),
            scored.Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
            scored.Sum(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)),
            rescored,
            [.. stack.Stack.Instances.All.Select(i => i.Invocations)]);
    }

    /// <summary>
    /// HR's re-score of the month as a job (202 and <c>/api/jobs/{id}</c>), followed to its end: the agent-days the
    /// job re-scored.
    /// </summary>
    private static async Task<int> RescoreAsync(FaultStack stack, string reason)
    {
        using var hr = new HttpClient { BaseAddress = stack.Stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        hr.DefaultRequestHeaders.Add("x-functions-key", stack.Stack.Options.FunctionKeys[0]);
        hr.DefaultRequestHeaders.Add("X-Points-Roles", "hr-admin");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/months/{Month}/rescore") { Content = JsonContent.Create(new { reason }) };
        request.Headers.Add("Idempotency-Key", "scale-out-rescore");
        var response = await hr.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"the re-score answered {(int)response.StatusCode}: {body}");
        var location = response.Headers.Location!.OriginalString;
        var done = await Eventually.WaitAsync<JsonElement?>(async () =>
        {
            var job = JsonDocument.Parse(await hr.GetStringAsync(location)).RootElement.Clone();
            return job.GetProperty("status").GetString() is "succeeded" or "failed" ? job : null;
        }, "the re-score job to finish", TimeSpan.FromMinutes(10));
        Assert.True(done!.Value.GetProperty("status").GetString() == "succeeded", done.Value.GetRawText());
        return done.Value.GetProperty("progress").GetProperty("agentDaysDone").GetInt32();
    }

    [Fact]
    public async Task Two_instances_taking_a_days_import_and_a_re_score_at_once_leave_what_one_instance_leaves()
    {
        var single = RunAsync(instances: 1);
        var scaled = await RunAsync(instances: 2);
        var one = await single;

        Assert.Equal(2, scaled.InvocationsPerInstance.Count);
        Assert.All(scaled.InvocationsPerInstance, n => Assert.True(n > 0, $"an instance took no invocation: {string.Join(", ", scaled.InvocationsPerInstance)}"));
        foreach (var (name, run) in new[] { ("one instance", one), ("two instances", scaled) })
        {
            output.WriteLine($"{name}: invocations per instance {string.Join(" + ", run.InvocationsPerInstance)}; agent-days scored by messages {run.MessageAgentDays}, "
                + $"by the re-score {run.RescoreAgentDays}, again after another invocation wrote them first {run.ScoredAgainOnConflict}; "
                + $"{run.ScoredAgain} agent-days scored again in all, for {Agents * (Before.Length + 1)} agent-days");
        }
        // The audit trail's rows are keyed by the time of HR's call: compared by count.
        static bool IsAudit(string line) => line.StartsWith("table AuditTrail ", StringComparison.Ordinal) || line.StartsWith("table AuditIds ", StringComparison.Ordinal);
        Assert.Equal(one.Snapshot.Count(IsAudit), scaled.Snapshot.Count(IsAudit));
        StorageSnapshot.AssertEqual([.. one.Snapshot.Where(l => !IsAudit(l))], [.. scaled.Snapshot.Where(l => !IsAudit(l))]);
    }
}
