using System.Diagnostics;
using System.IO.Compression;

namespace Serverless.Pack;

/// <summary>
/// The zip the Functions host expects: host.json and one folder per function at the root, and the handler
/// published self-contained for linux-x64 (the custom-handler image brings no .NET 10) under the path
/// host.json names, with its executable bit set.
/// </summary>
public static class DeployPackage
{
    /// <summary>Unix mode bits travel in the high 16 bits of a zip entry's external attributes.</summary>
    private const int ExecutableMode = 0b111_101_101; // 0755
    private const int FileMode = 0b110_100_100; // 0644
    private const int RegularFile = 0x8000; // S_IFREG

    public static async Task<string> CreateAsync(string repoRoot, string zipPath, string configuration, TextWriter progress, CancellationToken cancellationToken)
    {
        var staging = Path.Combine(Path.GetTempPath(), "serverless-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var handlerDir = Path.Combine(staging, "handler");
            progress.WriteLine($"Publishing the handler ({configuration}, linux-x64, self-contained)…");
            await RunAsync("dotnet", ["publish", Path.Combine(repoRoot, "functions", "Serverless.Functions", "Serverless.Functions.csproj"),
                "-c", configuration, "-r", "linux-x64", "--self-contained", "true", "-o", handlerDir, "-p:UseAppHost=true", "-p:PublishReadyToRun=true", "--nologo"], repoRoot, progress, cancellationToken);

            File.Copy(Path.Combine(repoRoot, "host.json"), Path.Combine(staging, "host.json"));
            foreach (var functionJson in Directory.EnumerateFiles(Path.Combine(repoRoot, "functions"), "function.json", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(Path.GetDirectoryName(functionJson)!);
                Directory.CreateDirectory(Path.Combine(staging, name));
                File.Copy(functionJson, Path.Combine(staging, name, "function.json"));
            }

            var executable = HostExecutable(staging);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(zipPath))!);
            File.Delete(zipPath);
            await using (var zip = await ZipFile.OpenAsync(zipPath, ZipArchiveMode.Create, cancellationToken))
            {
                foreach (var file in Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var entryName = Path.GetRelativePath(staging, file).Replace('\\', '/');
                    var entry = await zip.CreateEntryFromFileAsync(file, entryName, CompressionLevel.Optimal, cancellationToken);
                    var mode = entryName == executable ? ExecutableMode : FileMode;
                    entry.ExternalAttributes = unchecked((RegularFile | mode) << 16);
                }
            }
            progress.WriteLine($"Wrote {zipPath} ({new FileInfo(zipPath).Length / 1024 / 1024} MB).");
            return zipPath;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>host.json's <c>customHandler.description.defaultExecutablePath</c>, which must exist in the package.</summary>
    private static string HostExecutable(string staging)
    {
        using var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(staging, "host.json")));
        var path = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        if (!File.Exists(Path.Combine(staging, path)))
        {
            throw new InvalidOperationException($"host.json names the handler '{path}', but the publish did not produce it.");
        }
        return path.Replace('\\', '/');
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, string workingDirectory, TextWriter progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        }
        await progress.WriteAsync(await output);
    }
}
