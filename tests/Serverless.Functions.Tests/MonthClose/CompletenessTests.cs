using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Functions.Tests.Api;
using Serverless.Functions.Tests.Ingestion;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Completeness before close, through the handler on Azurite: exports are dropped and imported by ParseExport as Event
/// Grid delivers them (real import log, reports and exports container), the timer and HR's publish route close the month,
/// and <c>GET /api/months/{m}/completeness</c> shows the matrix. Each test is the pipeline's first month (no export the
/// day before), live from the 22nd, so only its last week is judged; each has its own month on one Azurite.
/// </summary>
public sealed class CompletenessTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Source = "center-a";
    private static readonly string[] Agents = ["Q1", "Q2"];

    /// <summary>A handler at 02:00 on the 1st after <paramref name="month"/> (the timer's close), two agents on the roster and scored.</summary>
    private async Task<HandlerHost> HandlerClosingAsync(YearMonth month, string? policy = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(month.LastDay.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)));
        var options = MonthCloseHost.Options(azurite.ConnectionString, clock);
        if (policy is not null) options = options.Set("MonthClose:Completeness:Policy", policy);
        var handler = new HandlerHost(options);
        await handler.Get<IRosterStore>().UpsertAsync([.. Agents.Select(a => MonthData.Person(a, $"坐席{a}"))], default);
        // Scoring is not what these tests are about: the agents' scored days go straight into the month store.
        foreach (var agent in Agents) await MonthData.PutTwoDaysAsync(handler.AgentMonths, agent, month, 2m);
        return handler;
    }

    private static IEnumerable<DateOnly> LastWeek(YearMonth month)
    {
        for (var day = new DateOnly(month.Year, month.Month, 22); day <= month.LastDay; day = day.AddDays(1)) yield return day;
    }

    private static byte[] Calls(DateOnly date, int talk = 200)
    {
        var d = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds\r\n");
        foreach (var agent in Agents) csv.Append(CultureInfo.InvariantCulture, $"{agent}-{d},{agent},{d} 09:00:00,{d} 09:05:00,{talk},0,20\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] AgentTime(DateOnly date)
    {
        var d = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var csv = new StringBuilder("agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds\r\n");
        foreach (var agent in Agents) csv.Append(CultureInfo.InvariantCulture, $"{agent},{d},28800,28000,1200\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Blob(string kind, DateOnly date) => $"{kind}/{date:yyyy-MM-dd}/{Source}.csv";

    /// <summary>Drops the last week's calls and agent-time, except the agent-time of the days in <paramref name="skip"/>.</summary>
    private static async Task DropWeekAsync(HandlerHost handler, YearMonth month, params DateOnly[] skip)
    {
        foreach (var day in LastWeek(month))
        {
            await handler.DropAsync(Blob("calls", day), Calls(day));
            if (!skip.Contains(day)) await handler.DropAsync(Blob("agent-time", day), AgentTime(day));
        }
    }

    private static async Task<JsonElement> ManifestAsync(HandlerHost handler, YearMonth month, int version) =>
        JsonDocument.Parse((await handler.Get<IPublicationStore>().ReadFileAsync(month, version, "manifest.json", default))!).RootElement.Clone();

    private static JsonElement Cell(JsonElement matrix, DateOnly date, string kind) =>
        matrix.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("date").GetString() == date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind && c.GetProperty("source").GetString() == Source);

    [Fact]
    public async Task Under_wait_a_missing_agent_time_day_holds_v1_the_matrix_shows_it_and_the_next_close_after_it_arrives_publishes()
    {
        var month = new YearMonth(2028, 2);
        var missing = new DateOnly(2028, 2, 25);
        await using var handler = await HandlerClosingAsync(month);
        await DropWeekAsync(handler, month, skip: missing);
        using var reader = handler.Reader();

        var held = await handler.RunTimerAsync();

        Assert.StartsWith("2028-02 not published (completeness policy wait): 1 gap in 2028-02: 2028-02-25 agent-time from center-a missing.", held, StringComparison.Ordinal);
        Assert.Contains("GET /api/months/2028-02/completeness", held, StringComparison.Ordinal);
        Assert.Contains("POST /api/months/2028-02/publish", held, StringComparison.Ordinal);
        Assert.Empty(await handler.Get<IPublicationStore>().ListAsync(month, default));

        var matrix = await reader.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness");
        Assert.Equal((false, "wait", 1), (matrix.GetProperty("complete").GetBoolean(), matrix.GetProperty("policy").GetString(), matrix.GetProperty("gapCount").GetInt32()));
        Assert.Equal([Source], matrix.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));
        // The first month the pipeline saw exports: judged from its first export (the 22nd) to the month's last day.
        Assert.Equal([.. LastWeek(month).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))], matrix.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        var gap = Cell(matrix, missing, "agent-time");
        Assert.Equal(("missing", true, JsonValueKind.Null), (gap.GetProperty("state").GetString(), gap.GetProperty("gap").GetBoolean(), gap.GetProperty("report").ValueKind));
        var calls = Cell(matrix, missing, "calls");
        Assert.Equal(("accepted", false), (calls.GetProperty("state").GetString(), calls.GetProperty("gap").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(calls.GetProperty("report").GetString())).StatusCode);

        // The file arrives: while it is in the container but not imported the day is still a gap ("importing"); once
        // imported, the next close publishes v1, and its manifest says the month was complete.
        var arrival = await handler.UploadAsync(Blob("agent-time", missing), AgentTime(missing));
        Assert.Equal("importing", Cell(await reader.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness"), missing, "agent-time").GetProperty("state").GetString());
        Assert.Contains("2028-02-25 agent-time from center-a importing", await handler.RunTimerAsync(), StringComparison.Ordinal);
        await handler.DeliverAsync(arrival);
        var published = await handler.RunTimerAsync();

        Assert.StartsWith("Published 2028-02 v1", published, StringComparison.Ordinal);
        var completeness = (await ManifestAsync(handler, month, 1)).GetProperty("completeness");
        Assert.Equal((true, "wait", 0), (completeness.GetProperty("complete").GetBoolean(), completeness.GetProperty("policy").GetString(), completeness.GetProperty("gaps").GetArrayLength()));
        Assert.True((await reader.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness")).GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Under_publish_v1_is_written_with_the_rejected_and_the_missing_day_listed_in_its_manifest_and_the_API()
    {
        var month = new YearMonth(2028, 5);
        var rejected = new DateOnly(2028, 5, 24);
        var missing = new DateOnly(2028, 5, 27);
        await using var handler = await HandlerClosingAsync(month, policy: "publish");
        await DropWeekAsync(handler, month, skip: [rejected, missing]);
        await handler.DropAsync(Blob("agent-time", rejected), Encoding.UTF8.GetBytes("hello,world\r\n1,2\r\n"));

        var published = await handler.RunTimerAsync();
        Assert.StartsWith("Published 2028-05 v1", published, StringComparison.Ordinal);
        Assert.Contains("2 completeness gaps listed in the manifest", published, StringComparison.Ordinal);
        var completeness = (await ManifestAsync(handler, month, 1)).GetProperty("completeness");
        Assert.Equal((false, "publish", false), (completeness.GetProperty("complete").GetBoolean(), completeness.GetProperty("policy").GetString(), completeness.GetProperty("gapsAccepted").GetBoolean()));
        Assert.Equal(
            [("2028-05-24", "agent-time", Source, "rejected"), ("2028-05-27", "agent-time", Source, "missing")],
            completeness.GetProperty("gaps").EnumerateArray().Select(g => (g.GetProperty("date").GetString(), g.GetProperty("kind").GetString(), g.GetProperty("source").GetString(), g.GetProperty("state").GetString())));

        using var reader = handler.Reader();
        var matrix = await reader.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness");
        Assert.Equal((false, "publish", 2), (matrix.GetProperty("complete").GetBoolean(), matrix.GetProperty("policy").GetString(), matrix.GetProperty("gapCount").GetInt32()));
        var bad = Cell(matrix, rejected, "agent-time");
        Assert.Equal("rejected", bad.GetProperty("state").GetString());
        Assert.Contains("missing required columns", bad.GetProperty("rejectionReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(bad.GetProperty("report").GetString())).StatusCode);
        var manifest = await reader.GetFromJsonAsync<JsonElement>($"/api/months/{month}/files/manifest.json");
        Assert.Equal(2, manifest.GetProperty("completeness").GetProperty("gaps").GetArrayLength());
    }

    [Fact]
    public async Task HR_is_told_the_gaps_and_can_publish_v1_accepting_them_and_a_file_after_close_is_reported_and_changes_nothing_published()
    {
        var month = new YearMonth(2028, 8);
        var missing = new DateOnly(2028, 8, 30);
        await using var handler = await HandlerClosingAsync(month);
        await DropWeekAsync(handler, month, skip: missing);
        using var admin = handler.Admin();

        var refused = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "payroll cut-off" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await Problems.ReadAsync(refused);
        Assert.Equal("Month incomplete", problem.GetProperty("title").GetString());
        Assert.Equal($"/api/months/{month}/completeness", problem.GetProperty("completeness").GetString());
        var gap = Assert.Single(problem.GetProperty("gaps").EnumerateArray());
        Assert.Equal(("2028-08-30", "agent-time", "missing"), (gap.GetProperty("date").GetString(), gap.GetProperty("kind").GetString(), gap.GetProperty("state").GetString()));
        Assert.Empty(await handler.Get<IPublicationStore>().ListAsync(month, default));

        var accepted = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason = "payroll cut-off; 30th agent-time lost", acceptGaps = true });

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var completeness = (await ManifestAsync(handler, month, 1)).GetProperty("completeness");
        Assert.Equal((false, true, 1), (completeness.GetProperty("complete").GetBoolean(), completeness.GetProperty("gapsAccepted").GetBoolean(), completeness.GetProperty("gaps").GetArrayLength()));
        // HR's override is in the audit trail as such, with its reason; the refused attempt is not.
        var today = handler.Now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var audit = (await admin.GetFromJsonAsync<JsonElement>($"/api/audit?from={today}&to={today}")).GetProperty("records").EnumerateArray()
            .Where(r => r.GetProperty("target").GetString()!.Contains($"month={month}", StringComparison.Ordinal)).ToList();
        Assert.Equal([("completeness-override", "payroll cut-off; 30th agent-time lost")], audit.Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("reason").GetString())));
        var rankings = await handler.SnapshotAsync("rankings", $"{month}/");
        var bonus = await handler.SnapshotAsync("bonus", $"{month}/");

        // The missing file comes after the close, and a corrected calls file for the 23rd.
        handler.Clock.Advance(TimeSpan.FromHours(6));
        var corrected = new DateOnly(2028, 8, 23);
        await handler.DropAsync(Blob("agent-time", missing), AgentTime(missing));
        handler.Clock.Advance(TimeSpan.FromMinutes(10));
        await handler.DropAsync(Blob("calls", corrected), Calls(corrected, talk: 260));

        var imports = await admin.GetFromJsonAsync<JsonElement>($"/api/imports?date=2028-08-23&kind=calls");
        Assert.Equal([false, true], imports.EnumerateArray().Select(i => i.GetProperty("afterClose").GetBoolean()));
        var matrix = await admin.GetFromJsonAsync<JsonElement>($"/api/months/{month}/completeness");
        Assert.True(matrix.GetProperty("complete").GetBoolean());
        Assert.True(Cell(matrix, missing, "agent-time").GetProperty("afterClose").GetBoolean());
        Assert.False(Cell(matrix, new DateOnly(2028, 8, 24), "calls").GetProperty("afterClose").GetBoolean());
        Assert.Equal(
            [("agent-time", "2028-08-30"), ("calls", "2028-08-23")],
            matrix.GetProperty("afterClose").EnumerateArray().Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("date").GetString())));
        // Nothing published changed: v1 is the version in force, byte for byte, and the timer still writes nothing.
        Assert.Equal($"{month} already published v1; nothing written.", await handler.RunTimerAsync());
        Assert.Equal(rankings, await handler.SnapshotAsync("rankings", $"{month}/"), SnapshotComparer.Instance);
        Assert.Equal(bonus, await handler.SnapshotAsync("bonus", $"{month}/"), SnapshotComparer.Instance);
    }
}
