using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.Application.UseCases;
using Serverless.Testing;
using Serverless.Testing.Fakes;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// The real handler in-process on Azurite, with a fake clock, and the two ports scoring implements (agent months, ledger)
/// replaced by in-memory doubles; publications, standings, roster, awards and rules are the real table and blob adapters.
/// </summary>
public sealed class MonthCloseHandler(string storageConnectionString, FakeTimeProvider clock) : WebApplicationFactory<Program>
{
    public InMemoryAgentMonthStore AgentMonths { get; } = new();
    public InMemoryLedger Ledger { get; } = new();
    public BlobServiceClient Blobs { get; } = new(storageConnectionString);

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public MonthPublisher Publisher => Get<MonthPublisher>();

    /// <summary>Invokes PublishMonth as the Functions host's timer would, and returns its log line.</summary>
    public async Task<string> RunTimerAsync()
    {
        using var client = CreateClient();
        var payload = HostFixtures.Read("PublishMonth.timer.json");
        var response = await client.PostAsync("/PublishMonth", new StringContent(payload, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"PublishMonth answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("Logs")[0].GetString()!;
    }

    /// <summary>Every blob under a container's prefix, name → (bytes, ETag).</summary>
    public async Task<SortedDictionary<string, (byte[] Bytes, string ETag)>> SnapshotAsync(string container, string prefix)
    {
        var found = new SortedDictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var client = Blobs.GetBlobContainerClient(container);
        await foreach (var item in client.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            var content = await client.GetBlobClient(item.Name).DownloadContentAsync();
            found[item.Name] = (content.Value.Content.ToArray(), content.Value.Details.ETag.ToString());
        }
        return found;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", storageConnectionString);
        builder.UseSetting("HrApi:Access:TrustPointsHeaders", "true"); // HR's publish route is called with X-Points-Roles
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IAgentMonthStore>(AgentMonths);
            services.AddSingleton<ILedger>(Ledger);
        });
    }
}
