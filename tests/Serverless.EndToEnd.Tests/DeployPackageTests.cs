using System.IO.Compression;
using System.Net;
using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The README's deploy command, run exactly as printed from the repository root, writes the zip where the README says,
/// with the layout the Functions host expects, and the handler in it runs.
/// </summary>
public sealed class DeployPackageTests
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the package carries a linux-x64 handler
    public async Task The_package_holds_host_json_function_folders_and_an_executable_self_contained_handler_that_serves()
    {
        var command = ReadmeCommand.Find("dotnet run --project tools/Serverless.Pack");
        Assert.Equal("artifacts/functionapp.zip", command.ValueOf("--out"));
        Assert.Contains("writes `artifacts/functionapp.zip`", ReadmeCommand.Readme, StringComparison.Ordinal);
        var work = Directory.CreateTempSubdirectory("pack-test-");
        try
        {
            // Gone before the command runs, so a zip found after it was written by it (no file time against the clock).
            var written = Path.Combine(ReadmeCommand.Root, "artifacts", "functionapp.zip");
            if (File.Exists(written)) File.Delete(written);
            await command.RunAsync(ReadmeCommand.Root, TimeSpan.FromMinutes(5));
            Assert.True(File.Exists(written), $"{written} was not written by the command");
            var zipPath = Path.Combine(work.FullName, "functionapp.zip");
            File.Copy(written, zipPath);

            using (var zip = ZipFile.OpenRead(zipPath))
            {
                var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
                Assert.Contains("host.json", names);
                // Local settings (connection strings, TrustPointsHeaders=true) never travel to Azure.
                Assert.DoesNotContain(names, n => n.EndsWith("local.settings.json", StringComparison.OrdinalIgnoreCase) || Path.GetFileName(n).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
                foreach (var function in new[] { "ParseExport", "ScoreAgentDays", "PublishMonth", "HrApi", "WebApp", "RescoreJobs", "RescoreJobsPoison", "RefreshProvisional" })
                {
                    Assert.Contains($"{function}/function.json", names);
                }
                var handler = zip.GetEntry("handler/Serverless.Functions");
                Assert.NotNull(handler);
                var mode = (handler!.ExternalAttributes >> 16) & 0xFFFF;
                Assert.Equal(0x8000, mode & 0xF000); // a regular file
                Assert.Equal(0b111_101_101, mode & 0x1FF); // rwxr-xr-x
                // Self-contained: the runtime travels with the handler.
                Assert.Contains("handler/libcoreclr.so", names);
                // The web app's chart library travels in the package: the app serves it itself, no CDN.
                Assert.Contains("handler/web/echarts.min.js", names);
                Assert.DoesNotContain(names, n => n.StartsWith("functions/", StringComparison.Ordinal));
            }

            // Extracted as the host would, the package's own handler starts and answers through the local host.
            var root = Path.Combine(work.FullName, "app");
            await ZipFile.ExtractToDirectoryAsync(zipPath, root);
            Assert.True(File.GetUnixFileMode(Path.Combine(root, "handler", "Serverless.Functions")).HasFlag(UnixFileMode.UserExecute));
            await using var stack = await LocalStack.StartAsync(AzuriteFixture.RepoRoot, handlerCommand: [], options => (options with
            {
                AppRoot = root,
                FunctionsRoot = root,
                HandlerCommand = null,
                EnableTimers = false,
            }).AtAmbientNow());
            using var client = new HttpClient { BaseAddress = stack.BaseAddress };
            client.DefaultRequestHeaders.Add("x-functions-key", stack.Options.FunctionKeys[0]);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
