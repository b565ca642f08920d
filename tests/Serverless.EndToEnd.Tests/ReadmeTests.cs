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
    public void CI_runs_the_READMEs_test_command()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));

        Assert.Contains("./test.sh", ci, StringComparison.Ordinal);
        Assert.Contains("N passed, N failed", File.ReadAllText(Path.Combine(Root, "test.sh")), StringComparison.Ordinal);
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
