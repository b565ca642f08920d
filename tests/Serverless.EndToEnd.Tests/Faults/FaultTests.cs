using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.LocalHost;
using Xunit.Abstractions;

namespace Serverless.EndToEnd.Tests.Faults;

/// <summary>
/// The fault harness's cases (docs: Faults/README.md): each run once with a fault at a chosen write and once clean, side
/// by side, and the faulted storage must equal the clean one row by row and byte by byte: nothing lost, nothing doubled.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    private const int Agents = 12;
    private static readonly DateOnly Day = new(2026, 9, 21);

    /// <summary>An import's receipt and claim times (the clock runs on at the machine's pace) and its blob's etag (Azurite's): not from the input.</summary>
    private static readonly HashSet<string> ClockStamps = new(StringComparer.Ordinal) { "ReceivedAt", "ClaimedAt", "BlobETag" };

    internal static IReadOnlyList<(string Name, string Content)> DayFiles(DateOnly day, int agents, string source = "faults")
    {
        var calls = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n");
        var time = new StringBuilder("agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\n");
        for (var a = 1; a <= agents; a++)
        {
            var agent = $"FT{a:0000}";
            for (var c = 0; c < 1 + a % 3; c++)
            {
                calls.Append(System.Globalization.CultureInfo.InvariantCulture, $"{agent}-{c},{agent},{day:yyyy-MM-dd} {9 + c:00}:00:00,{day:yyyy-MM-dd} {9 + c:00}:0{1 + a % 5}:00,{60 + 30 * (a % 5)},{a % 2 * 20},30,19900000001\r\n");
            }
            time.Append(System.Globalization.CultureInfo.InvariantCulture, $"{agent},{day:yyyy-MM-dd},28800,{28800 - 60 * (a % 7)},{600 + 50 * a},0.9{a % 10}\r\n");
        }
        return [($"calls/{day:yyyy-MM-dd}/{source}.csv", calls.ToString()), ($"agent-time/{day:yyyy-MM-dd}/{source}.csv", time.ToString())];
    }

    private async Task<IReadOnlyList<string>> CleanRunAsync(IReadOnlyList<(string Name, string Content)> files)
    {
        await using var clean = await FaultStack.StartAsync();
        await clean.DropAndScoreAsync(files);
        return await StorageSnapshot.TakeAsync(clean.Storage, ClockStamps);
    }

    [Fact]
    public async Task The_handler_killed_in_the_middle_of_scoring_is_restarted_and_the_redelivered_message_scores_the_day_once()
    {
        var files = DayFiles(Day, Agents);
        var cleanRun = CleanRunAsync(files);
        await using var faulted = await FaultStack.StartAsync();
        // At the first scoring delivery, the handler dies at the second table write from then (a transaction is one write):
        // one written, the next never; what is written after depends on the machine, the outcome must not.
        var armed = 0;
        faulted.Capture.Policy = (attempt, _) =>
        {
            if (attempt.Function == "ScoreAgentDays" && Interlocked.Exchange(ref armed, 1) == 0)
            {
                faulted.Tables.Arm(2, async () => { await faulted.Stack.Handler.KillAsync(); return false; });
            }
            return Task.FromResult<string?>(null);
        };

        await faulted.DropAndScoreAsync(files);

        Assert.True(faulted.Tables.Fired, "the handler was never killed: scoring made fewer than two table writes");
        Assert.True(faulted.Stack.Handler.Starts >= 2, $"the handler was started {faulted.Stack.Handler.Starts} time(s)");
        var redeliveries = faulted.Capture.Of("ScoreAgentDays").Count(a => InvocationCapture.Metadata(a, "DeliveryCount") != "1");
        Assert.True(redeliveries >= 1, "no message was delivered again after the crash");
        output.WriteLine($"handler starts {faulted.Stack.Handler.Starts}, ScoreAgentDays redeliveries {redeliveries}, table writes {faulted.Tables.Writes}");
        StorageSnapshot.AssertEqual(await cleanRun, await StorageSnapshot.TakeAsync(faulted.Storage, ClockStamps));
    }

    [Fact]
    public async Task The_table_service_stopped_in_the_middle_of_an_import_and_restarted_leaves_what_a_clean_import_leaves()
    {
        var files = DayFiles(Day, Agents);
        var cleanRun = CleanRunAsync(files);
        await using var faulted = await FaultStack.StartAsync();
        // The calls file's import: at its second table write the table service goes down; it comes back when Event Grid
        // delivers the event again (the first delivery has failed by then, after the SDK's retries).
        var stopped = 0;
        faulted.Capture.Policy = async (attempt, ct) =>
        {
            if (attempt.Function != "ParseExport") return null;
            if (Interlocked.CompareExchange(ref stopped, 1, 0) == 0)
            {
                faulted.Tables.Arm(2, async () => { await faulted.Azurite.StopServiceAsync("table"); return true; });
            }
            else if (faulted.Tables.Fired && Interlocked.CompareExchange(ref stopped, 2, 1) == 1)
            {
                await faulted.Azurite.StartServiceAsync("table", ct);
            }
            return null;
        };

        await faulted.DropAndScoreAsync(files);

        Assert.True(faulted.Tables.Fired, "the table service was never stopped: the import made fewer than two table writes");
        var parses = faulted.Counts["ParseExport"];
        Assert.True(parses.Failed >= 1, $"no import failed while the table service was down ({parses.Succeeded} succeeded)");
        output.WriteLine($"ParseExport {parses.Succeeded} succeeded, {parses.Failed} failed; handler table writes {faulted.Tables.Writes}");
        StorageSnapshot.AssertEqual(await cleanRun, await StorageSnapshot.TakeAsync(faulted.Storage, ClockStamps));
    }

    [Fact]
    public async Task A_poison_score_request_is_dead_lettered_with_its_reason_after_the_max_delivery_count_and_the_day_is_scored()
    {
        var files = DayFiles(Day, Agents);
        var cleanRun = CleanRunAsync(files);
        await using var faulted = await FaultStack.StartAsync();
        var queue = await faulted.Stack.Host.Services.GetRequiredService<ServiceBusQueues>().GetAsync("score-requests", CancellationToken.None);
        // A request naming no agents: the function refuses it on every delivery.
        await queue.SendMessageAsync($$"""{"date":"{{Day:yyyy-MM-dd}}","agentIds":[],"reason":"poison","importId":null}""");

        await faulted.DropAndScoreAsync(files);

        var deadLetters = await faulted.Stack.Host.Services.GetRequiredService<ServiceBusQueues>().GetAsync(ServiceBusQueues.DeadLetterName("score-requests"), CancellationToken.None);
        var message = Assert.Single((await deadLetters.ReceiveMessagesAsync(maxMessages: 32)).Value);
        var dead = JsonSerializer.Deserialize<DeadLetteredMessage>(message.MessageText)!;
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Contains("names no agents", dead.DeadLetterErrorDescription, StringComparison.Ordinal);
        Assert.Equal(faulted.Stack.Options.MaxDeliveryCount, dead.DeliveryCount);
        Assert.Contains("poison", dead.Body, StringComparison.Ordinal);
        output.WriteLine($"dead-lettered after {dead.DeliveryCount} deliveries: {dead.DeadLetterErrorDescription}");
        // The other requests scored the day as a run without the poison does.
        StorageSnapshot.AssertEqual(await cleanRun, await StorageSnapshot.TakeAsync(faulted.Storage, ClockStamps));
    }
}
