using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>The roster over HTTP: PUT one, bulk PUT, GET one, the filtered paged list, and who may do which.</summary>
public sealed class AgentsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));

    private static object Agent(string id, string department = "客服一部", string team = "T1", string status = "active") =>
        new { agentId = id, name = "张伟", department, specialty = "电费", team, hireDate = "2024-03-15", status };

    [Fact]
    public async Task Putting_an_agent_twice_leaves_one_agent_that_reads_back_the_same()
    {
        using var admin = host.Admin();

        var first = await admin.PutAsJsonAsync("/api/agents/A1001", Agent("A1001"));
        var again = await admin.PutAsJsonAsync("/api/agents/A1001", Agent("A1001"));
        var read = await host.Reader().GetFromJsonAsync<JsonElement>("/api/agents/A1001");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal("客服一部", read.GetProperty("department").GetString());
        Assert.Equal("2024-03-15", read.GetProperty("hireDate").GetString());
        Assert.Equal("active", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_agent_with_missing_fields_or_a_bad_id_is_a_validation_problem_naming_each_field()
    {
        using var admin = host.Admin();

        var missing = await admin.PutAsJsonAsync("/api/agents/A1002", new { name = "", department = "D", team = "T", status = "gone" });
        var badId = await admin.PutAsJsonAsync("/api/agents/has%20space", Agent("has space"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await Problems.ReadAsync(missing)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("specialty", out _));
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("agentId", await Problems.DetailAsync(badId), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/agents/A1002")).StatusCode);
    }

    [Fact]
    public async Task An_agent_not_on_the_roster_is_a_404_problem_that_says_how_to_add_them()
    {
        var response = await host.Reader().GetAsync("/api/agents/NOPE404");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("PUT /api/agents/NOPE404", await Problems.DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_cannot_write_a_team_lead_cannot_read_and_no_role_is_401()
    {
        var readerPut = await host.Reader().PutAsJsonAsync("/api/agents/A1003", Agent("A1003"));
        var leadGet = await host.As("team-lead", "T1").GetAsync("/api/agents/A1001");
        var nobody = await host.As(null).GetAsync("/api/agents/A1001");
        var unknownRole = await host.As("payroll-god").GetAsync("/api/agents/A1001");

        Assert.Equal(HttpStatusCode.Forbidden, readerPut.StatusCode);
        Assert.Contains("hr-admin", await Problems.DetailAsync(readerPut), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, leadGet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/agents/A1003")).StatusCode);
    }

    [Fact]
    public async Task A_bulk_upload_is_listed_page_by_page_with_filters_and_every_page_bounded()
    {
        var agents = Enumerable.Range(0, 30).Select(i => Agent($"B{i:D4}", department: i % 3 == 0 ? "客服二部" : "客服一部", status: i == 3 ? "left" : "active")).ToArray();
        using var admin = host.Admin();

        var upload = await admin.PutAsJsonAsync("/api/agents", agents);
        var retry = await admin.PutAsJsonAsync("/api/agents", agents);

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal(30, (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("upserted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var seen = new List<string>();
        string? continuation = null;
        using var reader = host.Reader();
        do
        {
            var url = "/api/agents?department=" + Uri.EscapeDataString("客服二部") + "&status=active&pageSize=3" + (continuation is null ? "" : "&continuation=" + continuation);
            var page = await reader.GetFromJsonAsync<JsonElement>(url);
            var ids = page.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()!).ToList();
            Assert.True(ids.Count <= 3);
            seen.AddRange(ids);
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        Assert.Equal(Enumerable.Range(0, 30).Where(i => i % 3 == 0 && i != 3).Select(i => $"B{i:D4}"), seen);
    }

    [Fact]
    public async Task A_bulk_upload_with_a_duplicate_or_a_bad_item_writes_nothing()
    {
        using var admin = host.Admin();

        var duplicate = await admin.PutAsJsonAsync("/api/agents", new[] { Agent("C0001"), Agent("C0001") });
        var bad = await admin.PutAsJsonAsync("/api/agents", new[] { Agent("C0002"), new { agentId = "C0003" } });
        var empty = await admin.PutAsJsonAsync("/api/agents", Array.Empty<object>());

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("appears 2 times", await Problems.DetailAsync(duplicate), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("[1].name", await Problems.DetailAsync(bad), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/agents/C0001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Reader().GetAsync("/api/agents/C0002")).StatusCode);
    }

    [Fact]
    public async Task Paging_and_body_size_are_bounded()
    {
        using var reader = host.Reader();
        var tooBig = await reader.GetAsync("/api/agents?pageSize=501");
        var badToken = await reader.GetAsync("/api/agents?continuation=!!notatoken!!");
        var over = Enumerable.Range(0, 5001).Select(i => Agent($"D{i:D5}")).ToArray();
        var tooMany = await host.Admin().PutAsJsonAsync("/api/agents", over);
        var hugeBody = new StringContent(new string(' ', 1024 * 1024 + 1) + "{}", Encoding.UTF8, "application/json");
        var tooLong = await host.Admin().PutAsync("/api/agents/D1", hugeBody);

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("500", await Problems.DetailAsync(tooBig), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("5000", await Problems.DetailAsync(tooMany), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLong.StatusCode);
        Assert.Contains("at most 1048576", await Problems.DetailAsync(tooLong), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Easy_Auth_roles_count_and_untrusted_role_headers_do_not()
    {
        using var easyAuthOnly = new HandlerHost(ApiHost.Options(azurite.ConnectionString).Set("HrApi:Access:TrustPointsHeaders", "false"));
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"roles","val":"hr-reader"},{"typ":"name","val":"HR system"}]}"""));
        using var viaEasyAuth = easyAuthOnly.CreateClient();
        viaEasyAuth.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", principal);
        using var forged = easyAuthOnly.As("hr-admin");
        using var garbled = easyAuthOnly.CreateClient();
        garbled.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", "not base64 json");

        Assert.Equal(HttpStatusCode.NotFound, (await viaEasyAuth.GetAsync("/api/agents/E0001")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viaEasyAuth.PutAsJsonAsync("/api/agents/E0001", Agent("E0001"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/agents/E0001")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await garbled.GetAsync("/api/agents/E0001")).StatusCode);
    }

    public void Dispose() => host.Dispose();
}
