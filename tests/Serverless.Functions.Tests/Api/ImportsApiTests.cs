using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Domain.Exports;
using Serverless.Application.Ports;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Api;

/// <summary>Import status rows and reports over HTTP.</summary>
public sealed class ImportsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly HandlerHost host = new(ApiHost.Options(azurite.ConnectionString));
    private static readonly DateOnly Day = new(2026, 11, 9);

    private static ImportRecord Record(string id, ExportKind kind, ImportStatus status, string? report) => new()
    {
        ImportId = id, Kind = kind, Date = Day, Source = "north-center", BlobName = $"{kind.ToPathName()}/2026-11-09/north-center.csv", BlobETag = "\"e\"",
        Status = status, ContentHash = "xxh128:00", DataRows = 10, AcceptedRows = status == ImportStatus.Rejected ? 0 : 9, BadRows = 1, ReportBlob = report, ReceivedAt = ApiHost.Now,
    };

    public async Task InitializeAsync()
    {
        using var _ = host.CreateClient(); // starts the app, which creates tables and containers
        var log = host.Services.GetRequiredService<IImportLog>();
        await log.SaveAsync(Record("imp1", ExportKind.Calls, ImportStatus.AcceptedWithErrors, "2026-11-09/calls/north-center/imp1.json"), default);
        await log.SaveAsync(Record("imp2", ExportKind.AgentTime, ImportStatus.Rejected, null), default);
        await new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("reports")
            .GetBlobClient("2026-11-09/calls/north-center/imp1.json").UploadAsync(BinaryData.FromString("""{"importId":"imp1","rowErrors":[{"row":3,"column":"caller","value":"199****0001"}]}"""), overwrite: true);
    }

    [Fact]
    public async Task A_days_imports_list_with_filters_and_link_their_report()
    {
        using var reader = host.Reader();

        var all = await reader.GetFromJsonAsync<JsonElement[]>("/api/imports?date=2026-11-09");
        var calls = await reader.GetFromJsonAsync<JsonElement[]>("/api/imports?date=2026-11-09&kind=calls");
        var rejected = await reader.GetFromJsonAsync<JsonElement[]>("/api/imports?date=2026-11-09&status=rejected");
        var report = await reader.GetAsync(all!.Single(i => i.GetProperty("importId").GetString() == "imp1").GetProperty("report").GetString());

        Assert.Equal(2, all!.Length);
        Assert.Equal("imp1", Assert.Single(calls!).GetProperty("importId").GetString());
        Assert.Equal("imp2", Assert.Single(rejected!).GetProperty("importId").GetString());
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Contains("199****0001", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/imports", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports?date=2026-11-09&kind=faxes", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports?date=2026-11-09&status=1", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports/2026-11-9/imp1/report", HttpStatusCode.BadRequest)]
    [InlineData("/api/imports/2026-11-09/nope/report", HttpStatusCode.NotFound)]
    [InlineData("/api/imports/2026-11-09/imp2/report", HttpStatusCode.NotFound)]
    public async Task Bad_filters_and_missing_reports_are_problems(string url, HttpStatusCode expected)
    {
        var response = await host.Reader().GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        await Problems.ReadAsync(response);
    }

    [Fact]
    public async Task A_team_lead_cannot_list_imports()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T1").GetAsync("/api/imports?date=2026-11-09")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("team-lead", "T1").GetAsync("/api/imports/2026-11-09/imp1/report")).StatusCode);
    }

    public Task DisposeAsync()
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
