using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.Domain.Metrics;
using Serverless.LocalHost;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The platform end to end: the local host drives the real handler process from Azurite as the Functions host would.
/// The stack's clock starts at 02:00 on 1 November 2026 in Shanghai, when the timer closes October; the scored day is
/// 7 September 2026, in a month that timer does not close.
/// </summary>
public sealed class LocalHostTests(OctoberClosingStack fixture) : IClassFixture<OctoberClosingStack>
{
    private LocalStack Stack => fixture.Stack;

    [Fact]
    public async Task Api_health_needs_a_function_key()
    {
        using var anonymous = fixture.Client();
        using var keyed = fixture.Client(Stack.Options.FunctionKeys[0]);
        using var wrongKey = fixture.Client("not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/health")).StatusCode);
        var ok = await keyed.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var health = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        // The handler's clock is the stack's (Testing__Now, passed on by the local host), not the machine's.
        var handlerNow = health.RootElement.GetProperty("checkedAt").GetDateTimeOffset();
        Assert.InRange(handlerNow, fixture.Now, fixture.Now.AddMinutes(30));
    }

    [Fact]
    public async Task A_dropped_calls_export_becomes_scored_agent_day_rows()
    {
        var csv = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n" +
                  "c1,E2E0001,2026-09-07 09:00:00,2026-09-07 09:05:00,300,0,30,19900000001\r\n" +
                  "c2,E2E0001,2026-09-07 10:00:00,2026-09-07 10:03:00,180,0,30,19900000002\r\n" +
                  "c3,E2E0002,2026-09-07 11:00:00,2026-09-07 11:04:00,240,0,20,19900000003\r\n";
        var exports = new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();

        await exports.UploadBlobAsync("calls/2026-09-07/e2e.csv", BinaryData.FromString(csv));

        // A calls file alone: the day is in the agent's running month, but no rule is scored before the agent-time file.
        var storage = StorageClients.FromConnectionString(Stack.StorageConnectionString);
        var ledger = new LedgerStore(storage);
        var day = new DateOnly(2026, 9, 7);
        var month = await Eventually.WaitAsync(async () =>
        {
            try { return await new AgentMonthStore(storage).GetAsync("E2E0001", YearMonth.Of(day), CancellationToken.None); }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404) { return null; }
        }, "the running month of E2E0001");
        Assert.Equal(2, Assert.Single(month!.Days).Metrics.AnsweredCalls);
        Assert.Empty(await ledger.GetAsync("E2E0001", day, day, CancellationToken.None));

        await exports.UploadBlobAsync("agent-time/2026-09-07/e2e.csv", BinaryData.FromString(
            "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\nE2E0001,2026-09-07,28800,28800,1000,0.97\r\n"));
        var entries = await Eventually.WaitAsync(async () =>
        {
            var found = await ledger.GetAsync("E2E0001", day, day, CancellationToken.None);
            return found.Count == 4 ? found : null;
        }, "the ledger rows of E2E0001");
        var efficiency = entries!.Single(e => e.Entry.Rule == "efficiency");
        Assert.StartsWith("N=2", efficiency.Entry.Inputs, StringComparison.Ordinal);
        Assert.Equal("unassigned", efficiency.Entry.Department);
        // Efficiency reads both files, attendance only the agent-time file.
        Assert.Equal(2, efficiency.ImportIds.Count);
        Assert.Single(entries!.Single(e => e.Entry.Rule == "attendance").ImportIds);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_redelivered_then_dead_lettered_with_the_reason()
    {
        var queues = new QueueServiceClient(Stack.StorageConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var deadLetter = queues.GetQueueClient(ServiceBusQueues.DeadLetterName("score-requests"));
        await deadLetter.CreateIfNotExistsAsync();
        var poison = "{\"date\":\"not-a-date\",\"agentIds\":[\"X\"],\"reason\":\"poison\"}";

        await queues.GetQueueClient("score-requests").SendMessageAsync(poison);

        var dead = await Eventually.WaitAsync(async () =>
        {
            var peeked = await deadLetter.PeekMessagesAsync(32);
            return peeked.Value.Select(m => JsonSerializer.Deserialize<DeadLetteredMessage>(m.Body.ToString()))
                .FirstOrDefault(m => m?.Body == poison);
        }, "the poison message in the dead-letter queue");
        Assert.Equal(Stack.Options.MaxDeliveryCount, dead!.DeliveryCount);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Contains("400", dead.DeadLetterErrorDescription, StringComparison.Ordinal);
        Assert.Contains("is not a ScoreAgentDays invocation", dead.DeadLetterErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_the_monthly_timer_at_the_close_of_October_publishes_nothing_for_a_month_with_no_data()
    {
        using var admin = fixture.Client(Stack.Options.MasterKey);
        using var functionKeyOnly = fixture.Client(Stack.Options.FunctionKeys[0]);

        Assert.Equal(HttpStatusCode.Unauthorized, (await functionKeyOnly.PostAsync("/admin/functions/PublishMonth", null)).StatusCode);
        var run = await admin.PostAsync("/admin/functions/PublishMonth?wait=true", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var rankings = new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("rankings");
        // This stack has no scored day of October: the run succeeds and freezes nothing (an empty v1 would be final). Nor
        // does it publish September, whatever another test of this class scored there: it closes only the month just ended.
        await foreach (var blob in rankings.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, null, default))
        {
            Assert.Fail($"rankings/{blob.Name} was published, but October 2026 has no data");
        }
    }
}
