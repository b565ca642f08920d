using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.CustomHandler;
using Serverless.Domain.Metrics;
using Serverless.MainJob;
using Serverless.Samples;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// The main job as a user runs it, in-process from a folder of their own: its command line, and a run over exports of an
/// older month (which the timer never closes) with a rejected file in them.
/// </summary>
public sealed partial class MainJobTests
{
    /// <summary>The job's clock (and its stack's) starts at 10:00 on 10 November 2026 in Shanghai.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    private static async Task<(int Code, string Output, string Error)> RunAsync(string workingDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MainJobProgram.RunAsync(args, workingDirectory, output, error, TestingClock.Starting(Now), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_lists_the_options_and_an_unknown_option_is_an_error_with_the_list()
    {
        var help = await RunAsync(Path.GetTempPath(), "--help");
        var unknown = await RunAsync(Path.GetTempPath(), "--agnets", "5");
        var mixed = await RunAsync(Path.GetTempPath(), "--exports", "somewhere", "--month", "2026-01");

        Assert.Equal(0, help.Code);
        foreach (var option in new[] { "--agents N", "--month yyyy-MM", "--exports DIR", "--accept-gaps", "--out DIR", "--help" }) Assert.Contains(option, help.Output, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Code);
        Assert.StartsWith("main job: Unknown option '--agnets'.", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("--exports DIR", unknown.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, mixed.Code);
    }

    [Fact]
    public void Paths_on_the_command_line_are_taken_from_the_folder_the_job_is_run_in()
    {
        var here = Path.Combine(Path.GetTempPath(), "somewhere", "else");

        var options = MainJobOptions.Parse(["--exports", "../exports", "--out", "out"], here);

        Assert.Equal(Path.Combine(Path.GetTempPath(), "somewhere", "exports"), options.ExportsDirectory);
        Assert.Equal(Path.Combine(here, "out"), options.OutputDirectory);
        Assert.Null(MainJobOptions.Parse([], here).OutputDirectory); // artifacts/main-job at the repository root
    }

    [Fact]
    public async Task Exports_of_a_month_two_months_back_are_published_with_their_gaps_accepted_and_every_path_printed_exists_with_the_rejected_files_report()
    {
        // Two months back from 10 November 2026 is September; the month under way is November.
        var month = new YearMonth(2026, 9);
        var today = new DateOnly(2026, 11, 10);
        var work = Directory.CreateTempSubdirectory("main-job-test-");
        try
        {
            var exports = Path.Combine(work.FullName, "exports");
            SampleGenerator.WriteTree(exports, new SampleOptions { Agents = 20, Days = 3, StartDate = month.FirstDay });
            // A day of the month now under way: imported and scored, but not published before the month is over.
            SampleGenerator.WriteTree(exports, new SampleOptions { Agents = 20, Days = 1, StartDate = today });
            var day = month.FirstDay.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var broken = Path.Combine(exports, "quality", day, "broken.csv");
            await File.WriteAllTextAsync(broken, "hello,world\r\n1,2\r\n");

            // Three days of September: the other 27 lack calls and agent-time, so September is published only with --accept-gaps.
            var (code, printed, error) = await RunAsync(work.FullName, "--exports", "exports", "--out", "out", "--accept-gaps", "--configuration", LocalStackFixture.Configuration);

            Assert.True(code == 0, $"exit {code}: {error}\n{printed}");
            Assert.Contains($"{month}: 54 completeness gaps, published with --accept-gaps, listed in v1's manifest.json:", printed, StringComparison.Ordinal);
            Assert.Contains("2026-09-04 calls from north-center: missing", printed, StringComparison.Ordinal);
            Assert.Contains($"GET /api/months/{month}/completeness", printed, StringComparison.Ordinal);
            var published = Path.Combine(work.FullName, "out", "rankings", month.ToString(), "v1");
            Assert.True(File.Exists(Path.Combine(published, "ranking.csv")), printed);
            Assert.True(File.Exists(Path.Combine(work.FullName, "out", "bonus", month.ToString(), "v1", "payroll.csv")), printed);
            Assert.True(File.Exists(Path.Combine(published, "teams.csv")), printed);
            Assert.Matches(@"  Teams: \d+ of \d+ with a member in a tier \([0-9.]+ %\); agents ever in a tier: \d+ of \d+ \([0-9.]+ %\)", printed);
            using (var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(published, "manifest.json"))))
            {
                Assert.Equal(1, manifest.RootElement.GetProperty("version").GetInt32());
                Assert.StartsWith("Main job: ", manifest.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
                var completeness = manifest.RootElement.GetProperty("completeness");
                Assert.Equal((false, true, 54), (completeness.GetProperty("complete").GetBoolean(), completeness.GetProperty("gapsAccepted").GetBoolean(), completeness.GetProperty("gaps").GetArrayLength()));
            }
            Assert.Contains($"Publishing {month} through HR's POST /api/months/{month}/publish", printed, StringComparison.Ordinal);
            Assert.Contains("2026-11 is not over yet (today is 2026-11-10 in Asia/Shanghai)", printed, StringComparison.Ordinal);
            Assert.Contains("Top of the ranking (out/rankings/", printed, StringComparison.Ordinal);

            // Every path the job printed is there, relative to the folder it was run in (or full).
            var paths = PrintedPaths(printed);
            Assert.Contains($"out/rankings/{month}/v1/ranking.csv", paths);
            Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(work.FullName, p)) || Directory.Exists(Path.Combine(work.FullName, p)), $"printed '{p}' does not exist:\n{printed}"));

            // The rejected file, why, and its report, copied beside the published files.
            var report = Assert.Single(Directory.GetFiles(Path.Combine(work.FullName, "out", "reports", day, "quality", "broken"), "*.json"));
            using (var json = JsonDocument.Parse(await File.ReadAllBytesAsync(report)))
            {
                Assert.Equal(("Rejected", $"quality/{day}/broken.csv"), (json.RootElement.GetProperty("status").GetString(), json.RootElement.GetProperty("blobName").GetString()));
            }
            var relativeReport = Path.GetRelativePath(work.FullName, report).Replace('\\', '/');
            Assert.Matches($@"exports/quality/{day}/broken\.csv — rejected: missing required columns[^\n]*\n\s+report {Regex.Escape(relativeReport)}", printed.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Exports_with_a_missing_agent_time_day_are_not_published_and_the_job_prints_the_gaps_and_the_completeness_route()
    {
        // Every day of August 2026 but the 12th's agent-time: the month lacks one required file.
        var month = new YearMonth(2026, 8);
        var work = Directory.CreateTempSubdirectory("main-job-gaps-");
        try
        {
            var exports = Path.Combine(work.FullName, "exports");
            SampleGenerator.WriteTree(exports, new SampleOptions { Agents = 5, Days = month.LastDay.Day, StartDate = month.FirstDay });
            Directory.Delete(Path.Combine(exports, "agent-time", "2026-08-12"), recursive: true);

            var (code, printed, error) = await RunAsync(work.FullName, "--exports", "exports", "--out", "out", "--configuration", LocalStackFixture.Configuration);

            Assert.NotEqual(0, code);
            Assert.Contains("not published: 2026-08", error, StringComparison.Ordinal);
            Assert.Contains($"{month}: 1 completeness gap, not published", printed, StringComparison.Ordinal);
            Assert.Contains("    2026-08-12 agent-time from north-center: missing", printed, StringComparison.Ordinal);
            Assert.Contains($"GET /api/months/{month}/completeness", printed, StringComparison.Ordinal);
            Assert.Contains("--accept-gaps", printed, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(work.FullName, "out", "rankings", month.ToString())), printed);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Words of the output that are file paths: with a slash, and not a URL, an API route or the time zone.</summary>
    private static List<string> PrintedPaths(string printed) =>
        [.. PathWord().Matches(printed).Select(m => m.Value.TrimEnd(':', ',', ')', '.'))
            .Where(w => !w.Contains("://", StringComparison.Ordinal) && !w.StartsWith("/api/", StringComparison.Ordinal) && !w.StartsWith("/admin/", StringComparison.Ordinal) && w != "Asia/Shanghai")
            .Distinct()];

    [GeneratedRegex(@"(?<=^|[\s(])[^\s(]*/[^\s]*", RegexOptions.Multiline)]
    private static partial Regex PathWord();
}
