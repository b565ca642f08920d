using System.Globalization;

namespace Serverless.Samples;

/// <summary>The console's arguments, parsed; a bad argument is a message, not an exception.</summary>
internal sealed record CommandLine(string OutputDirectory, SampleOptions Options, long? CallsRows, DateOnly? Day, bool Help)
{
    public const string Usage = """
        usage: Serverless.Samples --out DIR [--agents N] [--days D] [--start yyyy-MM-dd] [--seed S]
                                  [--departments N] [--specialties N] [--calls-per-day X]
                                  [--chinese] [--gb18030] [--gzip] [--source NAME]
                                  [--calls-rows N [--day yyyy-MM-dd]]
          Writes DIR/{kind}/{yyyy-MM-dd}/{source}.csv[.gz] for roster, calls, agent-time, quality and awards,
          or with --calls-rows one calls file of exactly N rows for --day (default: --start).
        """;

    public static bool TryParse(string[] args, out CommandLine? command, out string? error)
    {
        command = null;
        string? output = null;
        long? callsRows = null;
        DateOnly? day = null;
        var help = false;
        var options = new SampleOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentProblem($"{name} needs a value.");

            try
            {
                switch (name)
                {
                    case "--help" or "-h" or "-?":
                        help = true;
                        break;
                    case "--out":
                        output = Value();
                        break;
                    case "--agents":
                        options = options with { Agents = Int(name, Value()) };
                        break;
                    case "--days":
                        options = options with { Days = Int(name, Value()) };
                        break;
                    case "--start":
                        options = options with { StartDate = Date(name, Value()) };
                        break;
                    case "--seed":
                        options = options with { Seed = Int(name, Value()) };
                        break;
                    case "--departments":
                        options = options with { Departments = Int(name, Value()) };
                        break;
                    case "--specialties":
                        options = options with { Specialties = Int(name, Value()) };
                        break;
                    case "--calls-per-day":
                        options = options with { CallsPerAgentDay = Double(name, Value()) };
                        break;
                    case "--chinese":
                        options = options with { ChineseHeaders = true };
                        break;
                    case "--gb18030":
                        options = options with { Gb18030 = true };
                        break;
                    case "--gzip":
                        options = options with { Gzip = true };
                        break;
                    case "--source":
                        options = options with { Source = Value() };
                        break;
                    case "--calls-rows":
                        var rows = Long(name, Value());
                        callsRows = rows >= 0 ? rows : throw new ArgumentProblem($"--calls-rows must be 0 or more, not {rows}.");
                        break;
                    case "--day":
                        day = Date(name, Value());
                        break;
                    default:
                        throw new ArgumentProblem($"unknown argument '{name}'.");
                }
            }
            catch (ArgumentProblem problem)
            {
                error = problem.Message;
                return false;
            }
        }

        if (help)
        {
            command = new CommandLine("", options, callsRows, day, Help: true);
            error = null;
            return true;
        }
        if (string.IsNullOrWhiteSpace(output))
        {
            error = "--out DIR is required.";
            return false;
        }
        if (day is not null && callsRows is null)
        {
            error = "--day only goes with --calls-rows.";
            return false;
        }
        error = options.FindProblem();
        if (error is not null)
        {
            return false;
        }
        command = new CommandLine(output, options, callsRows, day, Help: false);
        return true;
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ArgumentProblem($"{name} expects a whole number, not '{value}'.");

    private static long Long(string name, string value) =>
        long.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) ? n
            : throw new ArgumentProblem($"{name} expects a whole number, not '{value}'.");

    private static double Double(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x
            : throw new ArgumentProblem($"{name} expects a number, not '{value}'.");

    private static DateOnly Date(string name, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new ArgumentProblem($"{name} expects a date as yyyy-MM-dd, not '{value}'.");

    /// <summary>Unwinds the parse loop on the first bad argument; never escapes <see cref="TryParse"/>.</summary>
    private sealed class ArgumentProblem(string message) : Exception(message);
}
