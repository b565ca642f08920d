using System.Text.RegularExpressions;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>The README's two set-up commands exist, run what they say, and CI runs the test one.</summary>
public sealed partial class ReadmeTests
{
    private static string Root => AzuriteFixture.RepoRoot;

    [Fact]
    public void The_README_names_exactly_two_set_up_commands_and_both_exist_as_executable_scripts()
    {
        var commands = SetUpCommands();

        Assert.Equal(["./main-job.sh", "./test.sh"], commands);
        foreach (var command in commands)
        {
            var path = Path.Combine(Root, command);
            Assert.True(File.Exists(path), $"{command} is missing");
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{command} is not executable");
            }
        }
    }

    [Fact]
    public void Both_commands_install_what_they_need_themselves()
    {
        foreach (var script in new[] { "main-job.sh", "test.sh" })
        {
            var text = File.ReadAllText(Path.Combine(Root, script));
            Assert.Contains("npm ci", text, StringComparison.Ordinal);
            Assert.Contains("dotnet build", text, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(Root, "package-lock.json")), "npm ci needs the lockfile");
    }

    [Fact]
    public void CI_runs_the_READMEs_test_command_and_the_test_command_ends_with_its_summary_step()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        var testSh = File.ReadAllText(Path.Combine(Root, "test.sh"));

        Assert.Contains("./test.sh", ci, StringComparison.Ordinal);
        // test.sh keeps dotnet test's output and hands it, with its exit status, to the summary step as its last word.
        Assert.Contains("dotnet test Serverless.sln -c Release --no-build -nologo 2>&1 | tee \"$log\"", testSh, StringComparison.Ordinal);
        Assert.EndsWith(".ci/summary \"$log\" \"$status\"\nexit \"$status\"", testSh.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The summary test.sh prints, run on dotnet test output: the fixture's lines are dotnet test's own (three test
    /// assemblies, one failing, skips in two), so the sum is what a person reading the run would add up.
    /// </summary>
    [Fact]
    public async Task The_summary_step_adds_up_every_assemblys_result_line_as_the_README_says()
    {
        var fixture = Path.Combine(Root, "tests", "Serverless.EndToEnd.Tests", "Fixtures", "dotnet-test-output.txt");

        var printed = await SummaryAsync(fixture, 1);

        Assert.Equal(["702 passed, 5 failed, 3 skipped"], printed);
        // The README promises that form of line (skips are named only when there are some).
        Assert.Contains("ending with\n  `N passed, N failed` (and `, N skipped` when any were)", File.ReadAllText(Path.Combine(Root, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_step_names_no_skips_when_there_are_none_and_says_when_no_test_ran()
    {
        var work = Directory.CreateTempSubdirectory("summary-");
        try
        {
            var passing = Path.Combine(work.FullName, "passing.txt");
            await File.WriteAllTextAsync(passing,
                "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 352 ms - Serverless.Domain.Tests.dll (net10.0)\n" +
                "Passed!  - Failed:     0, Passed:     8, Skipped:     0, Total:     8, Duration: 11 s - Serverless.EndToEnd.Tests.dll (net10.0)\n");
            var broken = Path.Combine(work.FullName, "broken.txt");
            await File.WriteAllTextAsync(broken, "MSBUILD : error MSB1009: Project file does not exist.\n");

            Assert.Equal(["11 passed, 0 failed"], await SummaryAsync(passing, 0));
            Assert.Equal(["0 passed, 0 failed", "dotnet test failed before any test ran (exit 1)"], await SummaryAsync(broken, 1));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Runs <c>.ci/summary</c> as test.sh does and returns the lines it prints.</summary>
    private static async Task<string[]> SummaryAsync(string log, int status)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var word in new[] { ".ci/summary", log, status.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(word);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $".ci/summary exited {process.ExitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The commands in the first fenced block after the "Set-up" heading.</summary>
    private static List<string> SetUpCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var match = SetUpBlock().Match(readme);
        Assert.True(match.Success, "README.md has no '## Set-up' section with a fenced block of commands");
        return match.Groups["block"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    [GeneratedRegex(@"^## Set-up[^\n]*\n(?:(?!^## ).)*?```sh\n(?<block>.*?)```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SetUpBlock();
}
