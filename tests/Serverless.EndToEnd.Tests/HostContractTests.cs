using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The local host speaks as the Azure Functions host does: its payloads have the recorded host forms' shape, field by
/// field, and the real handler process takes those forms in any process time zone.
/// </summary>
public sealed class HostContractTests
{
    private const string Calls = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n" +
                                 "h1,HC0001,2026-09-21 09:00:00,2026-09-21 09:05:00,300,0,30,19900000001\r\n" +
                                 "h2,HC0001,2026-09-21 10:00:00,2026-09-21 10:03:00,180,0,30,19900000002\r\n";

    [Fact]
    public async Task The_local_hosts_payloads_have_the_recorded_host_forms_field_by_field()
    {
        var capture = new InvocationCapture();
        var log = new CapturedLog();
        var root = AzuriteFixture.RepoRoot;
        await using var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, LocalStackFixture.Configuration),
            options => (options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(100), BeforeInvoke = capture.BeforeInvokeAsync }).AtAmbientNow(),
            logging => logging.AddProvider(log));
        var exports = new BlobServiceClient(stack.StorageConnectionString).GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();

        await exports.UploadBlobAsync("calls/2026-09-21/contract.csv", BinaryData.FromString(Calls));
        await Eventually.UntilAsync(() => Task.FromResult(capture.Of("ScoreAgentDays").Count > 0), "a ScoreAgentDays invocation");
        var timer = stack.Host.Services.GetServices<TimerTrigger>().Single(t => t.FunctionName == "PublishMonth");
        Assert.True((await timer.RunNowAsync(CancellationToken.None)).Succeeded);

        AssertSameShape("ParseExport.eventGrid.json", capture.Of("ParseExport")[0].Body);
        AssertSameShape("ScoreAgentDays.serviceBus.json", capture.Of("ScoreAgentDays")[0].Body);
        // The first run of a monitored timer: no status stored yet, so Last is "never".
        AssertSameShape("PublishMonth.timer.firstRun.json", capture.Of("PublishMonth")[0].Body);
        Assert.Equal("0001-01-01T00:00:00+00:00", capture.Of("PublishMonth")[0].Body["Data"]!["timer"]!["ScheduleStatus"]!["Last"]!.GetValue<string>());
        // What the local host does not do is said at start, not silently skipped.
        Assert.Contains(log.Lines, l => l.Contains("host.json: 'logging.logLevel.default' is not implemented", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Shanghai")]
    public async Task The_handler_process_answers_every_host_form_in_its_time_zone(string zone)
    {
        var root = AzuriteFixture.RepoRoot;
        await using var stack = await LocalStack.StartAsync(root, LocalStack.BuiltHandlerCommand(root, LocalStackFixture.Configuration),
            options => (options with
            {
                EnableTimers = false,
                AppSettings = new Dictionary<string, string>(options.AppSettings, StringComparer.OrdinalIgnoreCase) { ["TZ"] = zone },
            }).AtAmbientNow());
        using var handler = new HttpClient { BaseAddress = stack.Host.Services.GetRequiredService<HandlerProcess>().BaseAddress };
        var firstRun = HostFixtures.Read("PublishMonth.timer.firstRun.json");
        var payloads = new (string Function, string Body)[]
        {
            ("ParseExport", HostFixtures.Read("ParseExport.eventGrid.json")),
            ("ParseExport", HostFixtures.Read("ParseExport.cloudEvent.json")),
            ("ParseExport", HostFixtures.Read("ParseExport.eventGrid.object.json")),
            ("ScoreAgentDays", HostFixtures.Read("ScoreAgentDays.serviceBus.json")),
            ("PublishMonth", HostFixtures.Read("PublishMonth.timer.json")),
            ("PublishMonth", firstRun),
            // DateTime.MinValue as a host in another zone or of another kind writes it.
            ("PublishMonth", firstRun.Replace("0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00+08:00", StringComparison.Ordinal)),
            ("PublishMonth", firstRun.Replace("0001-01-01T00:00:00+00:00", "0001-01-01T00:00:00", StringComparison.Ordinal)),
        };

        foreach (var (function, body) in payloads)
        {
            var response = await handler.PostAsync($"/{function}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{function} in {zone}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void AssertSameShape(string fixture, JsonObject sent)
    {
        var expected = HostFixtures.ShapeLines(JsonNode.Parse(HostFixtures.Read(fixture)));
        var actual = HostFixtures.ShapeLines(sent);
        Assert.Equal(expected, actual);
    }
}
