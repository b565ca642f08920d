using System.Net;
using Serverless.LocalHost;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// "Running pieces by hand" as a newcomer types it: each command README.md prints, run exactly as printed from the
/// repository root (after the build <c>./test.sh</c> does), and each output where the README says it is. The deploy
/// package command is run by <see cref="DeployPackageTests"/>.
/// </summary>
public sealed class ReadmeHandRunTests
{
    private static string Root => ReadmeCommand.Root;

    [Fact]
    public async Task The_samples_command_writes_a_day_of_each_export_kind_under_artifacts_exports()
    {
        var command = ReadmeCommand.Find("dotnet run --project samples/Serverless.Samples");
        Assert.Equal("artifacts/exports", command.ValueOf("--out"));
        Assert.Contains("`artifacts/exports/{kind}/{yyyy-MM-dd}/north-center.csv` for roster, calls, agent-time, quality and awards\nfrom 2026-10-01", ReadmeCommand.Readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var days = int.Parse(command.ValueOf("--days"), System.Globalization.CultureInfo.InvariantCulture);

        var printed = await command.RunAsync(Root, TimeSpan.FromMinutes(3));

        var first = new DateOnly(2026, 10, 1);
        Assert.True(File.Exists(Path.Combine(Root, "artifacts", "exports", "roster", "2026-10-01", "north-center.csv")), printed);
        foreach (var kind in new[] { "calls", "agent-time", "quality", "awards" })
        {
            for (var day = first; day < first.AddDays(days); day = day.AddDays(1))
            {
                var file = Path.Combine(Root, "artifacts", "exports", kind, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "north-center.csv");
                Assert.True(File.Exists(file), $"{file} is missing after:\n{printed}");
                Assert.True(new FileInfo(file).Length > 0, $"{file} is empty");
            }
        }
        Assert.Contains(Path.Combine(Root, "artifacts", "exports"), printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_command_with_relative_paths_serves_the_API_on_the_address_it_prints()
    {
        var command = ReadmeCommand.Find("dotnet run --project tools/Serverless.LocalHost");
        Assert.Equal(".", command.ValueOf("--app-root"));
        Assert.Contains("Local host ready on http://127.0.0.1:PORT", ReadmeCommand.Readme, StringComparison.Ordinal);
        // The README's Azurite is `npm run azurite` on the well-known ports; here one on free ports, passed as the README says.
        await using var azurite = await AzuriteProcess.StartAsync(Root);
        Assert.Contains("--set AzureWebJobsStorage=CONNECTION --set ServiceBusConnection=CONNECTION", ReadmeCommand.Readme, StringComparison.Ordinal);

        using var host = command.Start(Root, "--set", $"AzureWebJobsStorage={azurite.ConnectionString}", "--set", $"ServiceBusConnection={azurite.ConnectionString}");
        var ready = await host.WaitForLineAsync(@"^Local host ready on (?<address>http://127\.0\.0\.1:\d+) ", TimeSpan.FromMinutes(2));

        using var http = new HttpClient { BaseAddress = new Uri(ready.Groups["address"].Value), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/health")).StatusCode);
        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        keyed.Headers.Add("x-functions-key", command.ValueOf("--function-key"));
        var health = await http.SendAsync(keyed);
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"/api/health answered {(int)health.StatusCode}:\n{host.Output}");
        // The admin API takes the master key from LOCALHOST_MASTER_KEY, as printed.
        using var status = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status");
        status.Headers.Add("x-functions-key", command.Environment["LOCALHOST_MASTER_KEY"]);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(status)).StatusCode);
    }
}
