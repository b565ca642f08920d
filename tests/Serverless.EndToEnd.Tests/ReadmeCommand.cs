using System.Diagnostics;
using System.Text;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// A command README.md prints in an indented code block, read as a shell would: lines ending in <c>\</c> joined,
/// <c>NAME=value</c> prefixes as environment variables, double and single quotes grouping words. Tests run these
/// exactly as printed, from the repository root, so the README cannot drift from what works.
/// </summary>
public sealed record ReadmeCommand(string Text, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Words)
{
    public static string Root => AzuriteFixture.RepoRoot;

    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>The one command in README.md's code blocks whose words (after any variables) start with <paramref name="prefix"/>.</summary>
    public static ReadmeCommand Find(string prefix)
    {
        var found = CodeLines(Readme).Select(Parse).Where(c => string.Join(' ', c.Words).StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"README.md should print exactly one command starting with '{prefix}'; it prints {found.Count}.");
        return found[0];
    }

    /// <summary>The value after <paramref name="option"/> in the command's words.</summary>
    public string ValueOf(string option)
    {
        var at = Words.ToList().IndexOf(option);
        Assert.True(at >= 0 && at + 1 < Words.Count, $"The README command has no {option} VALUE: {Text}");
        return Words[at + 1];
    }

    /// <summary>Starts the command in <paramref name="workingDirectory"/> with its output captured; <paramref name="extra"/> words go after the printed ones.</summary>
    public RunningCommand Start(string workingDirectory, params string[] extra)
    {
        var start = new ProcessStartInfo(Words[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in Words.Skip(1).Concat(extra)) start.ArgumentList.Add(word);
        foreach (var (name, value) in Environment) start.Environment[name] = value;
        // What the command starts (the local host, the handler, the main job) runs on the test's clock, not the machine's.
        start.Environment[Serverless.CustomHandler.TestingClock.EnvironmentVariable] = Serverless.CustomHandler.TestingClock.Format(TestClock.Ambient);
        return new RunningCommand(this, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Text}"));
    }

    /// <summary>Runs the command to its end in <paramref name="workingDirectory"/> and returns its output; a non-zero exit fails the test.</summary>
    public async Task<string> RunAsync(string workingDirectory, TimeSpan timeout)
    {
        using var running = Start(workingDirectory);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await running.Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            running.Kill();
            Assert.Fail($"'{Text}' did not finish within {timeout.TotalSeconds:0} s:\n{running.Output}");
        }
        running.Process.WaitForExit(); // the last output lines
        Assert.True(running.Process.ExitCode == 0, $"'{Text}' exited with {running.Process.ExitCode}:\n{running.Output}");
        return running.Output;
    }

    /// <summary>Indented code lines (four spaces) of a markdown text, with <c>\</c> continuations joined.</summary>
    private static IEnumerable<string> CodeLines(string markdown)
    {
        var pending = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (pending.Length == 0 && !line.StartsWith("    ", StringComparison.Ordinal)) continue;
            var text = line.Trim();
            if (text.EndsWith('\\'))
            {
                pending.Append(text[..^1].TrimEnd()).Append(' ');
                continue;
            }
            pending.Append(text);
            yield return pending.ToString();
            pending.Clear();
        }
    }

    private static ReadmeCommand Parse(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(word.ToString());

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        while (words.Count > 1 && words[0].IndexOf('=', StringComparison.Ordinal) is > 0 and var eq && words[0][..eq].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
        {
            environment[words[0][..eq]] = words[0][(eq + 1)..];
            words.RemoveAt(0);
        }
        return new ReadmeCommand(text, environment, words);
    }
}

/// <summary>A README command running as a process; its standard output and error are kept, line by line.</summary>
public sealed class RunningCommand : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly ReadmeCommand _command;

    public RunningCommand(ReadmeCommand command, Process process)
    {
        _command = command;
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits until a line of output matches <paramref name="pattern"/>; fails the test if the process ends first or time runs out.</summary>
    public async Task<System.Text.RegularExpressions.Match> WaitForLineAsync(string pattern, TimeSpan timeout)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.Multiline);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var match = regex.Match(Output);
            if (match.Success) return match;
            if (Process.HasExited)
            {
                Process.WaitForExit();
                Assert.Fail($"'{_command.Text}' exited with {Process.ExitCode} before printing /{pattern}/:\n{Output}");
            }
            if (deadline.Elapsed > timeout) Assert.Fail($"'{_command.Text}' printed no /{pattern}/ within {timeout.TotalSeconds:0} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}
