using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Serverless.LocalHost;

/// <summary>The local host's command line entry point.</summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        LocalHostOptions options;
        try
        {
            options = CommandLine.Parse(args, Environment.CurrentDirectory);
        }
        catch (ArgumentException ex)
        {
            if (ex.Message.Length > 0) Console.Error.WriteLine(ex.Message);
            var help = ex.Message.Length == 0;
            (help ? Console.Out : Console.Error).WriteLine(CommandLine.Usage);
            return help ? 0 : 2;
        }

        try
        {
            await using var app = LocalHostApp.Build(options);
            // Start returns once the handler answers; Ctrl+C (or SIGTERM) stops the host, and the handler with it.
            await app.StartAsync(app.Lifetime.ApplicationStopping);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://127.0.0.1:{options.HttpPort}";
            Console.WriteLine($"Local host ready on {address} (/api/* with a function key in x-functions-key, /admin/* with the master key). Ctrl+C stops it.");
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("local host: stopped before it was ready.");
            return 130;
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException or null && ex.Message.Contains("bind", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"local host: cannot listen on port {options.HttpPort} ({ex.Message}); pass --port N, or --port 0 for any free port.");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"local host: {ex.Message}");
            return 1;
        }
    }
}
