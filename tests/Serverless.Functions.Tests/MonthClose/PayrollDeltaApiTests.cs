using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Functions.Tests.Api;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// Corrections as deltas through the API on the real month close and stores: after v1 was taken, a correction's v2 carries
/// <c>payroll-delta.csv</c> with exactly the employees whose pay changed, a trailer that adds up, and the base version
/// named in the manifest; v1 stays byte-identical; marking a later version taken moves the base. Each test has its own month.
/// </summary>
public sealed class PayrollDeltaApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static FakeTimeProvider ClockAfter(YearMonth month) =>
        new(new DateTimeOffset(month.LastDay.AddDays(3).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8)));

    /// <summary>Ten agents, R01 best (10 points a day) to R10 (1 point a day).</summary>
    private async Task<HandlerHost> TenAgentsAsync(YearMonth month, string prefix)
    {
        var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, ClockAfter(month)));
        var ids = Enumerable.Range(1, 10).Select(i => $"{prefix}{i:D2}").ToList();
        await handler.Get<IRosterStore>().UpsertAsync([.. ids.Select(id => MonthData.Person(id, "坐席" + id))], default);
        for (var i = 0; i < ids.Count; i++) await MonthData.PutTwoDaysAsync(handler.AgentMonths, ids[i], month, 10 - i);
        return handler;
    }

    private static async Task<byte[]> FileAsync(HttpClient client, YearMonth month, string file, int version)
    {
        using var response = await client.GetAsync($"/api/months/{month}/files/{file}?version={version}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file} v{version}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>employee_id → amount of a payroll.csv, trailer checked.</summary>
    private static Dictionary<string, decimal> Payroll(byte[] csv)
    {
        var records = PublishedCsv.Read(csv);
        var rows = records.Skip(1).SkipLast(1).ToDictionary(r => r[0], r => decimal.Parse(r[4], CultureInfo.InvariantCulture));
        Assert.Equal(["TRAILER", rows.Count.ToString(CultureInfo.InvariantCulture), rows.Values.Sum().ToString("0.00", CultureInfo.InvariantCulture)], records[^1][..3]);
        return rows;
    }

    private static async Task<JsonElement> PublishAsync(HttpClient admin, YearMonth month, string reason, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await admin.PostAsJsonAsync($"/api/months/{month}/publish", new { reason });
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ManifestAsync(HttpClient client, YearMonth month, int version) =>
        JsonDocument.Parse(await FileAsync(client, month, "manifest.json", version)).RootElement.Clone();

    [Fact]
    public async Task A_correction_after_v1_was_taken_sends_payroll_only_what_changed_and_v1_stays_byte_identical()
    {
        var month = new YearMonth(2027, 9);
        await using var handler = await TenAgentsAsync(month, "R");
        using var admin = handler.Admin();
        Assert.Equal(1, (await PublishAsync(admin, month, "close")).GetProperty("version").GetInt32());
        var v1Files = (await handler.SnapshotAsync("rankings", $"{month}/v1/")).Concat(await handler.SnapshotAsync("bonus", $"{month}/v1/")).ToList();
        var v1 = Payroll(await FileAsync(admin, month, "payroll.csv", 1));
        Assert.Equal("R01", v1.MaxBy(p => p.Value).Key);
        Assert.DoesNotContain("R09", v1.Keys);

        using var taken = await admin.PostAsync($"/api/months/{month}/payroll/1/taken", null);
        using var takenAgain = await admin.PostAsync($"/api/months/{month}/payroll/1/taken", null);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (taken.StatusCode, takenAgain.StatusCode));
        Assert.True(takenAgain.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(
            (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("takenAt").GetDateTimeOffset(),
            (await takenAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("takenAt").GetDateTimeOffset());

        // The correction: R09's days were wrong; corrected, R09 is the month's best. Everyone else's points stay.
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "R09", month, 20m);
        Assert.Equal(2, (await PublishAsync(admin, month, "R09's agent-time export corrected")).GetProperty("version").GetInt32());

        var v2 = Payroll(await FileAsync(admin, month, "payroll.csv", 2));
        var delta = PublishedCsv.Read(await FileAsync(admin, month, "payroll-delta.csv", 2));
        Assert.Equal(["employee_id", "name", "department", "change", "old_amount_cny", "new_amount_cny", "difference_cny", "month"], delta[0]);
        var rows = delta.Skip(1).SkipLast(1).ToList();
        // Exactly the employees whose pay differs between the two payroll files, with old, new and difference.
        var expected = v1.Keys.Union(v2.Keys).Order(StringComparer.Ordinal)
            .Select(id => (id, Old: v1.GetValueOrDefault(id), New: v2.GetValueOrDefault(id)))
            .Where(x => x.Old != x.New)
            .Select(x => (x.id, x.Old == 0 ? "added" : x.New == 0 ? "removed" : "changed", x.Old, x.New, x.New - x.Old))
            .ToList();
        Assert.Equal(expected, rows.Select(r => (r[0], r[3], D(r[4]), D(r[5]), D(r[6]))));
        Assert.Contains(("R09", "added"), rows.Select(r => (r[0], r[3])));
        Assert.True(rows.Count < v2.Count + v1.Count, "the delta lists only who changed");
        // Trailer: rows, added, changed, removed, net difference, month, base version.
        Assert.Equal(
            ["TRAILER", rows.Count.ToString(CultureInfo.InvariantCulture), Count(rows, "added"), Count(rows, "changed"), Count(rows, "removed"),
                (v2.Values.Sum() - v1.Values.Sum()).ToString("0.00", CultureInfo.InvariantCulture), month.ToString(), "v1"],
            delta[^1]);
        Assert.Equal(v2.Values.Sum() - v1.Values.Sum(), rows.Sum(r => D(r[6])));

        var manifest = await ManifestAsync(admin, month, 2);
        var summary = manifest.GetProperty("payrollDelta");
        Assert.Equal((1, true, rows.Count), (summary.GetProperty("againstVersion").GetInt32(), summary.GetProperty("againstTaken").GetBoolean(), summary.GetProperty("rowCount").GetInt32()));
        Assert.Contains("payroll-delta.csv", manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var v1After = (await handler.SnapshotAsync("rankings", $"{month}/v1/")).Concat(await handler.SnapshotAsync("bonus", $"{month}/v1/")).ToList();
        Assert.Equal(v1Files.Select(f => (f.Key, Convert.ToHexString(f.Value.Bytes), f.Value.ETag)), v1After.Select(f => (f.Key, Convert.ToHexString(f.Value.Bytes), f.Value.ETag)));

        // Payroll takes v2; the next correction's delta is against v2, not v1.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/months/{month}/payroll/2/taken", null)).StatusCode);
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "R09", month, 1m);
        Assert.Equal(3, (await PublishAsync(admin, month, "R09's correction withdrawn")).GetProperty("version").GetInt32());
        var v3 = Payroll(await FileAsync(admin, month, "payroll.csv", 3));
        var delta3 = PublishedCsv.Read(await FileAsync(admin, month, "payroll-delta.csv", 3));
        Assert.Equal("v2", delta3[^1][^1]);
        Assert.Equal(v3.Values.Sum() - v2.Values.Sum(), D(delta3[^1][5]));
        Assert.Contains(("R09", "removed"), delta3.Skip(1).SkipLast(1).Select(r => (r[0], r[3])));
        Assert.Equal(2, (await ManifestAsync(admin, month, 3)).GetProperty("payrollDelta").GetProperty("againstVersion").GetInt32());
    }

    [Fact]
    public async Task Before_payroll_marks_any_version_taken_the_delta_is_against_v1_and_v1_has_none()
    {
        var month = new YearMonth(2027, 10);
        await using var handler = await TenAgentsAsync(month, "S");
        using var admin = handler.Admin();
        await PublishAsync(admin, month, "close");
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "S10", month, 30m);
        await PublishAsync(admin, month, "S10 corrected");
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "S10", month, 31m);
        await PublishAsync(admin, month, "S10 corrected again");

        var summary = (await ManifestAsync(admin, month, 3)).GetProperty("payrollDelta");
        Assert.Equal((1, false), (summary.GetProperty("againstVersion").GetInt32(), summary.GetProperty("againstTaken").GetBoolean()));
        Assert.False((await ManifestAsync(admin, month, 1)).TryGetProperty("payrollDelta", out _));
        using var none = await admin.GetAsync($"/api/months/{month}/files/payroll-delta.csv?version=1");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Only_a_published_version_can_be_taken_and_only_by_hr_admin()
    {
        var month = new YearMonth(2027, 11);
        await using var handler = await TenAgentsAsync(month, "T");
        using var admin = handler.Admin();
        using var reader = handler.Reader();
        await PublishAsync(admin, month, "close");

        using var missing = await admin.PostAsync($"/api/months/{month}/payroll/2/taken", null);
        using var forbidden = await reader.PostAsync($"/api/months/{month}/payroll/1/taken", null);
        using var badMonth = await admin.PostAsync("/api/months/2027-13/payroll/1/taken", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no published version 2", (await Problems.ReadAsync(missing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Empty(await handler.Get<IPayrollTakenStore>().ListAsync(month, default));
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static string Count(List<string[]> rows, string change) => rows.Count(r => r[3] == change).ToString(CultureInfo.InvariantCulture);
}
