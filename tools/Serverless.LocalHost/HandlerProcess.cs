using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// The custom handler as a child process, started as the Functions host starts it: the executable from
/// host.json (or an override), the app settings as environment variables, and
/// <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set to a free loopback port. Restarted if it dies.
/// </summary>
public sealed class HandlerProcess(LocalHostOptions options, HostDefinition host, TimeProvider clock, ILogger<HandlerProcess> logger, int instance = 0) : IHostedService, IAsyncDisposable
{
    /// <summary>Which of the app's instances this handler serves (0 unless <see cref="LocalHostOptions.Instances"/> is more than 1).</summary>
    public int Instance => instance;

    /// <summary>Invocations (HTTP requests included) sent to this instance so far.</summary>
    public int Invocations => Volatile.Read(ref _invocations);
    private int _invocations;

    internal void CountInvocation() => Interlocked.Increment(ref _invocations);

    // A quiet machine starts the handler in seconds; a heavily shared one (load averages of 60 and more) has taken over a
    // minute, which must not fail a run. Only a handler that never answers waits this long.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private Task? _supervisor;
    private int _disposed;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The handler's base address once it answers.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1:1/");

    /// <summary>Completes when the handler answers HTTP.</summary>
    public Task Ready => _ready.Task;

    /// <summary>How many times the handler has been started (1 until it first dies and is restarted).</summary>
    public int Starts => Volatile.Read(ref _starts);
    private int _starts;

    /// <summary>
    /// Kills the running handler process at once, as a crash would (no graceful shutdown: invocations in flight fail). The
    /// supervisor then starts a new one, as the host restarts a custom handler that exits (below). For the fault harness.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartProcess();
        _supervisor = SuperviseAsync(_stopping.Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            await _ready.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"The handler did not answer on {BaseAddress} within {StartTimeout.TotalSeconds:0} s; see its output above.");
        }
    }

    private void StartProcess()
    {
        var port = FreeLoopbackPort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var (file, arguments) = Command();
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = WorkingDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in options.AppSettings) start.Environment[key] = value;
        if (LocalHostApp.TestingNow(options.AppSettings) is not null)
        {
            // A (re)started handler's clock starts where the host's is now, so the two agree on the date.
            start.Environment.Remove(TestingClock.Setting);
            start.Environment[TestingClock.EnvironmentVariable] = TestingClock.Format(clock.GetUtcNow());
        }
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        // The handler's own ASP.NET Core must not pick up a launch profile or another URL.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        // Invocations wait for the new handler from the moment this one dies, not from when the supervisor next looks: a
        // Service Bus message abandoned by the crash would otherwise burn its deliveries on a closed port.
        process.Exited += (_, _) =>
        {
            var ready = _ready;
            if (ready.Task.IsCompleted) Interlocked.CompareExchange(ref _ready, new(TaskCreationOptions.RunContinuationsAsynchronously), ready);
        };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Log.HandlerOutput(logger, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Log.HandlerError(logger, e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"Could not start the handler '{file}'.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Interlocked.Increment(ref _starts);
        Log.HandlerStarted(logger, file, process.Id, port, instance);
    }

    private (string File, IReadOnlyList<string> Arguments) Command()
    {
        if (options.HandlerCommand is { Count: > 0 } command) return (command[0], command.Skip(1).ToList());
        var executable = Path.GetFullPath(Path.Combine(options.AppRoot, host.CustomHandler.Description.DefaultExecutablePath));
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"host.json names the handler '{host.CustomHandler.Description.DefaultExecutablePath}', but {executable} does not exist. Build the package first (see README).", executable);
        }
        return (executable, host.CustomHandler.Description.Arguments ?? []);
    }

    private string WorkingDirectory()
    {
        var configured = host.CustomHandler.Description.WorkingDirectory;
        return string.IsNullOrEmpty(configured) ? Path.GetFullPath(options.AppRoot) : Path.GetFullPath(Path.Combine(options.AppRoot, configured));
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var restartDelay = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var process = _process!;
            if (!_ready.Task.IsCompleted)
            {
                try
                {
                    // Any HTTP answer means the handler is listening, as the host's own readiness check.
                    using var _ = await http.GetAsync(BaseAddress, stopping);
                    _ready.TrySetResult();
                    Log.HandlerReady(logger, BaseAddress);
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) when (!stopping.IsCancellationRequested) { }
            }
            if (process.HasExited && !stopping.IsCancellationRequested)
            {
                Log.HandlerExited(logger, process.ExitCode, restartDelay.TotalSeconds);
                await Task.Delay(restartDelay, stopping);
                restartDelay = TimeSpan.FromSeconds(Math.Min(30, restartDelay.TotalSeconds * 2));
                var ready = _ready;
                if (ready.Task.IsCompleted) Interlocked.CompareExchange(ref _ready, new(TaskCreationOptions.RunContinuationsAsynchronously), ready);
                StartProcess();
                continue;
            }
            await Task.Delay(_ready.Task.IsCompleted ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromMilliseconds(100), stopping);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested && _process is null or { HasExited: true }) return;
        await _stopping.CancelAsync();
        if (_supervisor is not null)
        {
            try { await _supervisor; } catch (OperationCanceledException) { }
        }
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as a singleton and as a hosted service by factory: the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StopAsync(CancellationToken.None);
        _process?.Dispose();
        _stopping.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
