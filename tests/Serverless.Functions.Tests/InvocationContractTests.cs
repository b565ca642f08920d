using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using Serverless.Testing;

namespace Serverless.Functions.Tests;

/// <summary>
/// The custom-handler contract over HTTP: each function's route takes the payload the Functions host sends
/// (recorded fixtures, <c>Serverless.Testing/HostPayloads</c>) and answers Outputs/Logs; a malformed payload is a 400
/// that says why, never a stack trace.
/// </summary>
public sealed class InvocationContractTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(8)));
    private HandlerHost? _host;

    private HttpClient Client => (_host ??= new HandlerHost(new(azurite.ConnectionString) { Clock = _clock })).CreateClient();

    private static string Payload(string name) => HostFixtures.Read(name);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("ParseExport.eventGrid.json")] // the host's form: the event's indented JSON text, serialised once more
    [InlineData("ParseExport.cloudEvent.json")] // the same through a CloudEvents 1.0 subscription
    [InlineData("ParseExport.eventGrid.object.json")] // the plain object earlier versions sent
    public async Task ParseExport_takes_a_BlobCreated_event_in_every_form_and_answers_outputs_and_logs(string fixture)
    {
        var response = await Client.PostAsync("/ParseExport", Json(Payload(fixture)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Outputs").GetProperty("scoreRequests").ValueKind);
        var log = Assert.Single(body.RootElement.GetProperty("Logs").EnumerateArray()).GetString();
        // The blob is not in this storage: reaching the importer proves the event was read down to its blob name.
        Assert.Contains("calls/2026-10-01/north-center.csv", log, StringComparison.Ordinal);
        Assert.Contains("no longer exists", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RescoreJobs")]
    [InlineData("RescoreJobsPoison")]
    public async Task The_job_functions_take_a_storage_queue_message_in_the_hosts_form(string function)
    {
        var response = await Client.PostAsync("/" + function, Json(Payload("RescoreJobs.queue.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        // No such job in this storage: reaching the runner proves the message was read down to the job's id.
        Assert.Contains("rescore-2026-10-a1 does not exist", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseExport_ignores_an_event_of_another_type()
    {
        var payload = Payload("ParseExport.eventGrid.json").Replace("Microsoft.Storage.BlobCreated", "Microsoft.Storage.BlobDeleted", StringComparison.Ordinal);

        var response = await Client.PostAsync("/ParseExport", Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Microsoft.Storage.BlobDeleted is not Microsoft.Storage.BlobCreated", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseExport_ignores_blobs_outside_the_exports_container()
    {
        var payload = Payload("ParseExport.eventGrid.json").Replace("/containers/exports/", "/containers/reports/", StringComparison.Ordinal);

        var response = await Client.PostAsync("/ParseExport", Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("Outputs").GetProperty("scoreRequests").EnumerateArray());
        Assert.Contains("only the 'exports' container", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAgentDays_takes_a_Service_Bus_message_serialised_as_the_host_sends_it()
    {
        var response = await Client.PostAsync("/ScoreAgentDays", Json(Payload("ScoreAgentDays.serviceBus.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("2026-10-01", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PublishMonth.timer.json", null)]
    [InlineData("PublishMonth.timer.firstRun.json", null)]
    // The first run's "never" as Newtonsoft writes DateTime.MinValue of other kinds: unspecified, and local east of UTC.
    [InlineData("PublishMonth.timer.firstRun.json", "0001-01-01T00:00:00")]
    [InlineData("PublishMonth.timer.firstRun.json", "0001-01-01T00:00:00+08:00")]
    public async Task PublishMonth_on_the_timer_closes_the_last_complete_month_in_Shanghai_time(string fixture, string? never)
    {
        var payload = Payload(fixture);
        if (never is not null) payload = payload.Replace("0001-01-01T00:00:00+00:00", never, StringComparison.Ordinal);

        // 2026-11-01 02:00 in Shanghai is still 2026-10-31 in UTC: the month to close is October either way,
        // but only because the calendar is Shanghai's; the file's path proves which month was closed.
        var response = await Client.PostAsync("/PublishMonth", Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        // Nothing is scored in this storage, so October is closed as "nothing to publish" rather than frozen empty;
        // MonthClose/ covers the publishing itself.
        Assert.StartsWith("2026-10 not published", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishMonth_takes_the_timer_as_a_JSON_string_too()
    {
        using var fixture = JsonDocument.Parse(Payload("PublishMonth.timer.json"));
        var timer = fixture.RootElement.GetProperty("Data").GetProperty("timer").GetRawText();
        var payload = JsonSerializer.Serialize(new { Data = new { timer = JsonSerializer.Serialize(timer) } });

        var response = await Client.PostAsync("/PublishMonth", Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/ParseExport", "this is not json", "is not a ParseExport invocation")]
    [InlineData("/ParseExport", "{}", "no Data")]
    [InlineData("/ParseExport", """{"Data":{}}""", "eventGridEvent is missing")]
    [InlineData("/ParseExport", """{"Data":{"eventGridEvent":{"id":"1","subject":"/not/a/blob","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-10-01T16:05:12Z","data":{"url":"https://x/y"},"dataVersion":"","metadataVersion":"1"}}}""", "does not name a blob")]
    [InlineData("/ParseExport", """{"Data":{"eventGridEvent":"\"[1,2]\""}}""", "An Event Grid event is a JSON object")]
    [InlineData("/ParseExport", """{"Data":{"eventGridEvent":{"id":"1","subject":"/blobServices/default/containers/exports/blobs/a.csv"}}}""", "Not an Event Grid event")]
    [InlineData("/ScoreAgentDays", """{"Data":{"scoreRequest":"\"not a message\""}}""", "is not a ScoreAgentDays invocation")]
    [InlineData("/ScoreAgentDays", """{"Data":{"scoreRequest":{"date":"2026-10-01","agentIds":[],"reason":"x"}}}""", "names no agents")]
    [InlineData("/PublishMonth", """{"Data":{"timer":null}}""", "timer is missing")]
    [InlineData("/RefreshProvisional", """{"Data":{"timer":null}}""", "timer is missing")]
    public async Task A_malformed_payload_is_a_400_that_says_why_without_a_stack_trace(string route, string body, string expected)
    {
        var response = await Client.PostAsync(route, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_function_is_not_found()
    {
        var response = await Client.PostAsync("/NoSuchFunction", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _host?.Dispose();
}
