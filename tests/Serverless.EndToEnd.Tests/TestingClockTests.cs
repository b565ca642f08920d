using System.Diagnostics;
using Serverless.CustomHandler;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The test-only clock setting <c>Testing__Now</c> never reaches a deployed app unnoticed: the built handler refuses to
/// start with it on an Azure instance, and refuses a value that names no instant.
/// </summary>
public sealed class TestingClockTests
{
    [Theory]
    [InlineData("WEBSITE_INSTANCE_ID")]
    [InlineData("WEBSITE_SITE_NAME")]
    public async Task The_handler_refuses_to_start_with_a_testing_clock_on_an_Azure_instance(string platformVariable)
    {
        var (code, error) = await RunHandlerAsync(new()
        {
            [TestingClock.EnvironmentVariable] = "2026-10-31T23:59:00+08:00",
            [platformVariable] = "points-prod",
        });

        Assert.Equal(1, code);
        Assert.Contains($"The handler cannot start: Testing:Now is a test-only setting and this is an Azure instance ({platformVariable} is set)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_refuses_a_testing_clock_without_an_offset()
    {
        var (code, error) = await RunHandlerAsync(new() { [TestingClock.EnvironmentVariable] = "2026-10-31 23:59" });

        Assert.Equal(1, code);
        Assert.Contains("Testing:Now must be an ISO 8601 instant with an offset", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> RunHandlerAsync(Dictionary<string, string> environment)
    {
        var command = LocalStack.BuiltHandlerCommand(AzuriteFixture.RepoRoot, LocalStackFixture.Configuration);
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in command.Skip(1)) start.ArgumentList.Add(word);
        foreach (var name in TestingClock.AzureInstanceVariables.Append(TestingClock.EnvironmentVariable)) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The handler kept running for a minute instead of refusing to start: {await output}");
        }
        return (process.ExitCode, await error);
    }
}
