using System.Globalization;
using Serverless.Domain.Metrics;

namespace Serverless.MainJob;

/// <summary>
/// What the main job runs: generated exports (how many agents, which month) or a folder of given ones, and where the
/// published files and import reports are copied. Paths are full: the command line's are taken from the folder the
/// user typed them in (<see cref="WorkingDirectory"/>).
/// </summary>
public sealed record MainJobOptions
{
    public const int DefaultAgents = 200;

    /// <summary>Where the user ran the job: relative paths on the command line, and every path printed, are relative to it.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Agents to generate; null means <see cref="DefaultAgents"/> (and is the only value that goes with <see cref="ExportsDirectory"/>).</summary>
    public int? Agents { get; init; }

    /// <summary>The month to generate and close; null means the last complete month in Asia/Shanghai (the one the monthly timer closes).</summary>
    public YearMonth? Month { get; init; }

    /// <summary>Take exports from this folder (laid out as <c>{kind}/{yyyy-MM-dd}/{source}.csv[.gz]</c>) instead of generating them.</summary>
    public string? ExportsDirectory { get; init; }

    /// <summary>Where published files and import reports go; null means <c>artifacts/main-job</c> at the repository root.</summary>
    public string? OutputDirectory { get; init; }

    public string Configuration { get; init; } = "Release";

    /// <summary>Publish a month never published even though the completeness check found gaps (listed in its manifest).</summary>
    public bool AcceptGaps { get; init; }
    /// <summary>Keep the stack running after the close (until Ctrl+C) and print the web app's address and how to sign in.</summary>
    public bool Serve { get; init; }

    /// <summary>Only print <see cref="Usage"/>.</summary>
    public bool Help { get; init; }

    public const string Usage = """
        Usage: ./main-job.sh [--agents N] [--month yyyy-MM] [--exports DIR] [--accept-gaps] [--out DIR] [--serve]

        Generates a month of exports (or takes yours), runs them through the local Functions host on Azurite with the
        real handler, closes the month(s) and copies the published files and the import reports out.
        Paths are relative to the folder you run it in.

          --agents N         agents to generate (default 200)
          --month yyyy-MM    the month to generate and close (default: the last complete month in Asia/Shanghai,
                             the one the monthly timer closes; the timer closes it, an earlier month is published
                             through HR's POST /api/months/{m}/publish)
          --exports DIR      drop these exports instead of generating, laid out as {kind}/{yyyy-MM-dd}/{source}.csv[.gz];
                             every ended month they cover is published, oldest first, through HR's
                             POST /api/months/{m}/publish (not with --agents or --month); a month whose days
                             lack a required file is not published: its gaps are printed with the route that
                             lists them (GET /api/months/{m}/completeness)
          --accept-gaps      publish such a month anyway, the gaps listed in its manifest (HR's acceptGaps)
          --out DIR          where the published files and import reports are copied
                             (default: artifacts/main-job in the repository)
          --serve            keep Azurite and the local host running after the close (until Ctrl+C) and print
                             the web app's address and how to sign in (a development sign-in page: pick a role)
          --configuration C  the build of the handler to run (default Release)
          --help             this list
        """;

    /// <summary>Reads the command line; a wrong one is an <see cref="ArgumentException"/> whose message says what is wrong.</summary>
    public static MainJobOptions Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        var options = new MainJobOptions { WorkingDirectory = workingDirectory };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--agents" => options with
                {
                    Agents = int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000
                        ? n
                        : throw new ArgumentException("--agents needs a number from 1 to 100000."),
                },
                "--month" => options with
                {
                    Month = Next() is var text && text.Length == 7 && YearMonth.TryParse(text, out var month)
                        ? month
                        : throw new ArgumentException($"--month needs a month as yyyy-MM (e.g. 2026-10), not '{text}'."),
                },
                "--exports" => options with { ExportsDirectory = Path.GetFullPath(Next(), workingDirectory) },
                "--out" => options with { OutputDirectory = Path.GetFullPath(Next(), workingDirectory) },
                "--configuration" or "-c" => options with { Configuration = Next() },
                "--accept-gaps" => options with { AcceptGaps = true },
                "--serve" => options with { Serve = true },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (options.ExportsDirectory is not null && (options.Agents is not null || options.Month is not null))
        {
            throw new ArgumentException("--agents and --month describe the exports the job generates; with --exports the months are the ones your files cover.");
        }
        return options;
    }

    /// <summary>The month to generate: <see cref="Month"/>, which must have ended, or the last complete one.</summary>
    public YearMonth MonthToGenerate(BusinessCalendar calendar)
    {
        var last = calendar.MonthToClose;
        if (Month is not { } chosen) return last;
        if (chosen.CompareTo(last) > 0)
        {
            throw new ArgumentException($"--month {chosen} has not ended yet (today is {calendar.Today:yyyy-MM-dd} in Asia/Shanghai); the last complete month is {last}.");
        }
        return chosen;
    }
}
