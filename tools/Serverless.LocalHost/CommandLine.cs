using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>Reads the local host's command line into <see cref="LocalHostOptions"/>.</summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: Serverless.LocalHost --app-root DIR [options]
        Paths are relative to the folder you run it in.
          --app-root DIR        folder with host.json (a deploy package root, or the repository)
          --functions DIR       folder with the function folders (default: the app root)
          --settings FILE       local.settings.json-style file: { "Values": { "AzureWebJobsStorage": "...", ... } }
          --set KEY=VALUE       an app setting (repeatable; wins over --settings)
          --handler "CMD ARGS"  start the handler with this command instead of host.json's defaultExecutablePath
                                (it runs in the app root; a path in it that exists here is passed on as a full path)
          --port N              HTTP port for /api and /admin (default 7071; 0 = any free port)
          --function-key KEY    a key accepted for authLevel=function routes (repeatable)
          --master-key KEY      the admin key (default: the LOCALHOST_MASTER_KEY variable)
          --max-delivery-count N  Service Bus max delivery count (default 10)
          --instances N         run N instances of the app, one handler process each (default 1; scale-out)
          --no-timers           do not fire timers on their schedule (run them via POST /admin/functions/{name})
          --help                this list
        The storage connection is the app setting AzureWebJobsStorage.
        """;

    /// <summary>Reads <paramref name="args"/>; relative paths are taken from <paramref name="currentDirectory"/>, where the user typed them.</summary>
    public static LocalHostOptions Parse(IReadOnlyList<string> args, string currentDirectory)
    {
        string Full(string path) => Path.GetFullPath(path, currentDirectory);
        string? appRoot = null, functions = null, settingsFile = null, masterKey = Environment.GetEnvironmentVariable("LOCALHOST_MASTER_KEY");
        IReadOnlyList<string>? handler = null;
        var port = 7071;
        var maxDelivery = 10;
        var instances = 1;
        var timers = true;
        var keys = new List<string>();
        var set = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--app-root": appRoot = Next(); break;
                case "--functions": functions = Next(); break;
                case "--settings": settingsFile = Next(); break;
                case "--handler": handler = Next().Split(' ', StringSplitOptions.RemoveEmptyEntries); break;
                case "--port": port = ParseInt(args[i], Next()); break;
                case "--function-key": keys.Add(Next()); break;
                case "--master-key": masterKey = Next(); break;
                case "--max-delivery-count": maxDelivery = ParseInt(args[i], Next()); break;
                case "--instances": instances = ParseInt(args[i], Next()); if (instances < 1) throw new ArgumentException("--instances is at least 1."); break;
                case "--no-timers": timers = false; break;
                case "--set":
                    var pair = Next();
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0) throw new ArgumentException($"--set needs KEY=VALUE, got '{pair}'.");
                    set[pair[..eq]] = pair[(eq + 1)..];
                    break;
                case "--help" or "-h": throw new ArgumentException("");
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }
        if (appRoot is null) throw new ArgumentException("--app-root is required.");
        if (!File.Exists(Path.Combine(Full(appRoot), "host.json"))) throw new ArgumentException($"{Full(appRoot)} has no host.json.");
        if (functions is not null && !Directory.Exists(Full(functions))) throw new ArgumentException($"--functions {functions}: {Full(functions)} does not exist.");
        var settings = settingsFile is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : ReadSettings(settingsFile, Full(settingsFile));
        foreach (var (key, value) in set) settings[key] = value;
        // The Functions host reads app settings from the environment too; the test-only clock setting is taken from there.
        if (LocalHostApp.TestingNow(settings) is null && Environment.GetEnvironmentVariable(Serverless.CustomHandler.TestingClock.EnvironmentVariable) is { Length: > 0 } now)
        {
            settings[Serverless.CustomHandler.TestingClock.EnvironmentVariable] = now;
        }
        if (!settings.TryGetValue("AzureWebJobsStorage", out var storage) || string.IsNullOrWhiteSpace(storage))
        {
            throw new ArgumentException("The app setting AzureWebJobsStorage (the Azurite connection string) is not set.");
        }
        if (string.IsNullOrEmpty(masterKey)) throw new ArgumentException("No master key: pass --master-key or set LOCALHOST_MASTER_KEY.");
        return new LocalHostOptions
        {
            AppRoot = Full(appRoot),
            FunctionsRoot = functions is null ? null : Full(functions),
            // The handler runs in the app root, so a path typed here is made full before it gets there.
            HandlerCommand = handler?.Select(part => !Path.IsPathRooted(part) && (File.Exists(Full(part)) || Directory.Exists(Full(part))) && part.Contains('/', StringComparison.Ordinal) ? Full(part) : part).ToList(),
            AppSettings = settings,
            StorageConnectionString = storage,
            HttpPort = port,
            FunctionKeys = keys,
            MasterKey = masterKey,
            MaxDeliveryCount = maxDelivery,
            EnableTimers = timers,
            Instances = instances,
        };
    }

    private static int ParseInt(string option, string value) =>
        int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new ArgumentException($"{option} needs a whole number, got '{value}'.");

    private static Dictionary<string, string> ReadSettings(string typed, string file)
    {
        if (!File.Exists(file)) throw new ArgumentException($"--settings {typed}: {file} does not exist.");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (doc.RootElement.TryGetProperty("Values", out var values))
        {
            foreach (var p in values.EnumerateObject()) settings[p.Name] = p.Value.ToString();
        }
        return settings;
    }
}
