using System.Text.Json.Nodes;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>A setting the local host does not act on is named, never silently ignored.</summary>
public sealed class SettingsCheckTests
{
    [Fact]
    public void Settings_the_local_host_does_not_implement_are_named_and_those_it_does_are_not()
    {
        var app = Directory.CreateTempSubdirectory("settings-app-");
        try
        {
            var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "host.json")))!;
            host["extensions"]!["serviceBus"]!["prefetchCount"] = 20;
            host["extensions"]!["blobs"] = new JsonObject { ["maxDegreeOfParallelism"] = 8 };
            File.WriteAllText(Path.Combine(app.FullName, "host.json"), host.ToJsonString());
            var scoring = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepoRoot, "functions", "ScoreAgentDays", "function.json")))!;
            scoring["bindings"]![0]!["isSessionsEnabled"] = true;
            scoring["retry"] = new JsonObject { ["strategy"] = "fixedDelay", ["maxRetryCount"] = 3, ["delayInterval"] = "00:00:10" };
            Directory.CreateDirectory(Path.Combine(app.FullName, "ScoreAgentDays"));
            File.WriteAllText(Path.Combine(app.FullName, "ScoreAgentDays", "function.json"), scoring.ToJsonString());
            var publish = Path.Combine(app.FullName, "PublishMonth");
            Directory.CreateDirectory(publish);
            File.Copy(Path.Combine(AzuriteFixture.RepoRoot, "functions", "PublishMonth", "function.json"), Path.Combine(publish, "function.json"));

            var found = SettingsCheck.Unimplemented(app.FullName, app.FullName, new Dictionary<string, string> { ["WEBSITE_TIME_ZONE"] = "Asia/Shanghai" })
                .Select(f => $"{f.File}: {f.Setting}").ToList();

            Assert.Contains("host.json: extensions.serviceBus.prefetchCount = 20 (only 0 is implemented)", found);
            Assert.Contains("host.json: extensions.blobs.maxDegreeOfParallelism", found);
            Assert.Contains("ScoreAgentDays/function.json: bindings[serviceBusTrigger].isSessionsEnabled", found);
            Assert.Contains(found, f => f.StartsWith("ScoreAgentDays/function.json: retry (the v4 host has no function-level retries for serviceBusTrigger", StringComparison.Ordinal));
            Assert.Contains(found, f => f.StartsWith("app settings: WEBSITE_TIME_ZONE", StringComparison.Ordinal));
            // What is implemented is not reported: the timer's retry policy, the Service Bus and HTTP settings in use.
            Assert.DoesNotContain(found, f => f.StartsWith("PublishMonth/", StringComparison.Ordinal));
            Assert.DoesNotContain(found, f => f.Contains("maxConcurrentCalls", StringComparison.Ordinal) || f.Contains("routePrefix", StringComparison.Ordinal));
            // The storage queue trigger's settings in host.json are implemented (QueueTrigger).
            Assert.DoesNotContain(found, f => f.Contains("extensions.queues", StringComparison.Ordinal));
        }
        finally
        {
            app.Delete(recursive: true);
        }
    }
}
