using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.CustomHandler;
using Serverless.Samples;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// <c>./main-job.sh --serve</c> as a user runs it: a child process in a session of its own (so the whole tree, Azurite
/// and the local host included, is one process group), over a tiny export tree. Its output is read line by line as it
/// comes, never waiting for end-of-file (Azurite and the host hold the pipe open while they serve); once the web app's
/// address is printed the app answers, and Ctrl+C (SIGINT to the group) stops it, SIGKILL if it does not.
/// </summary>
public sealed partial class MainJobServeTests
{
    [Fact]
    public async Task Serve_keeps_the_stack_up_after_the_close_and_the_printed_web_app_address_answers()
    {
        var work = Directory.CreateTempSubdirectory("main-job-serve-");
        Process? job = null;
        var printed = new StringBuilder();
        var address = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // The first day of the month before the tests' clock's (Asia/Shanghai): a month that has ended, so the job publishes it.
            var today = DateOnly.FromDateTime(TestClock.Ambient.ToOffset(TimeSpan.FromHours(8)).DateTime);
            var month = Serverless.Domain.Metrics.YearMonth.Of(new DateOnly(today.Year, today.Month, 1).AddMonths(-1));
            SampleGenerator.WriteTree(Path.Combine(work.FullName, "exports"), new SampleOptions { Agents = 5, Days = 1, StartDate = month.FirstDay });
            var start = new ProcessStartInfo("setsid")
            {
                WorkingDirectory = work.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { Path.Combine(AzuriteFixture.RepoRoot, "main-job.sh"), "--exports", "exports", "--accept-gaps", "--out", "out", "--serve", "--configuration", LocalStackFixture.Configuration })
            {
                start.ArgumentList.Add(arg);
            }
            // The job and its stack on the tests' clock, not the machine's.
            start.Environment[TestingClock.EnvironmentVariable] = TestingClock.Format(TestClock.Ambient);
            job = new Process { StartInfo = start };
            void Line(object sender, DataReceivedEventArgs e)
            {
                if (e.Data is null) return;
                lock (printed) printed.AppendLine(e.Data);
                if (WebAppLine().Match(e.Data) is { Success: true } m) address.TrySetResult(new Uri(m.Groups[1].Value));
            }
            job.OutputDataReceived += Line;
            job.ErrorDataReceived += Line;
            job.Start();
            job.BeginOutputReadLine();
            job.BeginErrorReadLine();

            // A bound only so a broken job fails the test instead of hanging it; the machine's speed is not asserted.
            var exited = Task.Run(() => job.WaitForExit(TimeSpan.FromMinutes(20)));
            var first = await Task.WhenAny(address.Task, exited);
            Assert.True(first == address.Task, $"the job ended (or never printed the web app's address):\n{Printed()}");
            var app = await address.Task;

            using var http = new HttpClient { BaseAddress = new Uri(app.GetLeftPart(UriPartial.Authority)) };
            var signIn = await http.GetAsync("/app/signin");
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            Assert.Contains("开发环境登录", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // Signed in as HR (the development sign-in's cookie): the leaderboard of the month the job just published.
            var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"development","claims":[{"typ":"roles","val":"hr-reader"},{"typ":"name","val":"test"}]}"""));
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/app/leaderboard?month={month}");
            request.Headers.Add("Cookie", $"points-dev-principal={principal}");
            var leaderboard = await http.SendAsync(request);
            var page = await leaderboard.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, leaderboard.StatusCode);
            Assert.Contains($"{month} · 版本 v1", page, StringComparison.Ordinal);
            Assert.Contains("id=\"ranking\"", page, StringComparison.Ordinal);
            Assert.Contains("/app/signin", Printed(), StringComparison.Ordinal);
        }
        finally
        {
            if (job is not null)
            {
                await StopGroupAsync(job);
                job.Dispose();
            }
            work.Delete(recursive: true);
        }

        string Printed()
        {
            lock (printed) return printed.ToString();
        }
    }

    /// <summary>Ctrl+C to the job's process group (its session), then SIGKILL to whatever is left of it.</summary>
    private static async Task StopGroupAsync(Process job)
    {
        if (!job.HasExited)
        {
            await SignalGroupAsync(job.Id, "INT");
            await Task.Run(() => job.WaitForExit(TimeSpan.FromSeconds(60)));
        }
        // Azurite or the host may outlive the job on a slow stop: the group goes, whoever is left in it.
        await SignalGroupAsync(job.Id, "KILL");
    }

    private static async Task SignalGroupAsync(int group, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, "--", "-" + group]) { UseShellExecute = false, RedirectStandardError = true })!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
    }

    [GeneratedRegex(@"web app at (http://\S+/app)")]
    private static partial Regex WebAppLine();
}
