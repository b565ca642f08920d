using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Serverless.LocalHost;

/// <summary>
/// Azurite (the repository's pinned npm package) on 127.0.0.1, telemetry off, in memory unless a folder is given: one
/// node process per service (<c>azurite-blob</c>, <c>azurite-queue</c>, <c>azurite-table</c>), as Azure runs them apart.
/// Azurite serves every request on one JavaScript thread, so in a single process a 100 MB export streaming through the
/// blob service waits behind table transactions, and scoring's table writes behind the export; apart, each service has
/// its own thread. <see cref="StartAsync"/> returns once all three services answer.
/// With a folder (<c>--location</c>) each service can be stopped and started again on the same port over the same data
/// (<see cref="StopServiceAsync"/>, <see cref="StartServiceAsync"/>): the fault harness's storage outage.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's documented well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] Services = ["blob", "queue", "table"];
    private const int MaxStarts = 5;

    private readonly List<Process> _processes = [];
    private readonly Dictionary<string, Process> _byService = new(StringComparer.Ordinal);
    private readonly StringWriter _output = new();
    private readonly string _repoRoot;

    private AzuriteProcess(string repoRoot, string? location, int blobPort, int queuePort, int tablePort)
    {
        _repoRoot = repoRoot;
        Location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    /// <summary>The folder the services keep their data in, or null when in memory.</summary>
    public string? Location { get; }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>Starts Azurite from <c>{repoRoot}/node_modules</c> on free ports; <paramref name="location"/> keeps data on disk across restarts.</summary>
    public static async Task<AzuriteProcess> StartAsync(string repoRoot, string? location = null, CancellationToken cancellationToken = default)
    {
        var scripts = Services.Select(service => Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", service, "main.js")).ToList();
        if (scripts.FirstOrDefault(script => !File.Exists(script)) is { } missing)
        {
            throw new FileNotFoundException($"Azurite is not installed in {repoRoot}/node_modules: run 'npm ci' in the repository root (the README's commands do).", missing);
        }
        if (location is not null) Directory.CreateDirectory(location);
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(Services.Length);
            var azurite = new AzuriteProcess(repoRoot, location, ports[0], ports[1], ports[2]);
            try
            {
                for (var i = 0; i < Services.Length; i++)
                {
                    azurite.Start(Services[i], ports[i]);
                }
                await azurite.WaitReadyAsync(cancellationToken);
                return azurite;
            }
            catch (InvalidOperationException) when (attempt < MaxStarts && azurite.Output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // A free port was taken between finding it and a service listening on it (tests start many Azurites at once): new ports.
                await azurite.DisposeAsync();
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    private int[] Ports => [BlobPort, QueuePort, TablePort];

    private int PortOf(string service) => service switch
    {
        "blob" => BlobPort,
        "queue" => QueuePort,
        "table" => TablePort,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Azurite's services are blob, queue and table."),
    };

    /// <summary>
    /// Stops one service (<c>blob</c>, <c>queue</c> or <c>table</c>): requests to it are refused until
    /// <see cref="StartServiceAsync"/>. Only with a <see cref="Location"/>, so its data survives.
    /// </summary>
    public async Task StopServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        _ = PortOf(service);
        if (Location is null) throw new InvalidOperationException("An in-memory Azurite loses its data when a service stops: start it with a location.");
        if (_byService.TryGetValue(service, out var process) && !process.HasExited)
        {
            // SIGINT, not a kill: Azurite keeps tables in LokiJS and saves them on an interval and on close, so a kill would
            // lose writes it had acknowledged, which Azure storage never does. To a client the outage looks the same.
            using (var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", "INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
            {
                if (signal is not null) await signal.WaitForExitAsync(cancellationToken);
            }
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Starts a stopped service again on its port over the same folder; returns once it answers.</summary>
    public async Task StartServiceAsync(string service, CancellationToken cancellationToken = default)
    {
        var port = PortOf(service);
        if (_byService.TryGetValue(service, out var process) && !process.HasExited) return;
        // The port was this service's; another process could take it in between, which a test would see as a failed start.
        Start(service, port);
        await WaitReadyAsync(cancellationToken);
    }

    private void Start(string service, int port)
    {
        var repoRoot = _repoRoot;
        var location = Location;
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", service, "main.js");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repoRoot,
        };
        string[] persistence = location is null ? ["--inMemoryPersistence"] : ["--location", location];
        foreach (var argument in (string[])
        [
            script, "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
            $"--{service}Host", "127.0.0.1", $"--{service}Port", Port(port), .. persistence,
        ])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node for Azurite's {service} service.");
        _processes.Add(process);
        _byService[service] = process;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Capture(string? line)
    {
        if (line is null) return;
        lock (_output) _output.WriteLine(line);
    }

    /// <summary>
    /// How long the services may take to answer at start: node starts in a second or two on a quiet machine, but on two
    /// cores shared by several test runs (load averages of 60 and more) it took over a minute, and a slow machine must not
    /// fail a test. Only a service that never comes up waits this long.
    /// </summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Ready when each service accepts a TCP connection and answers HTTP.</summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        foreach (var port in Ports)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_byService.Values.FirstOrDefault(p => p.HasExited) is { } exited)
                {
                    exited.WaitForExit(); // its last lines read
                    throw new InvalidOperationException($"Azurite exited with code {exited.ExitCode}: {Output}");
                }
                try
                {
                    using var _ = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
                    break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
                if (deadline.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException($"Azurite did not answer on port {port} within {StartTimeout.TotalSeconds:0} s: {Output}");
                }
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>What Azurite printed, for error messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        _processes.Clear();
        _byService.Clear();
    }

    /// <summary>The repository root: the nearest folder above <paramref name="start"/> holding package.json and Serverless.sln.</summary>
    public static string FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root (Serverless.sln + package.json) above {start}.");
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Distinct ports free right now: each held open until all are found.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Dispose();
        }
    }
}
