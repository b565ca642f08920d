namespace Serverless.Benchmarks.Exports;

/// <summary>The export benchmarks that BenchmarkDotNet cannot run: fresh-process memory and the local host end to end.</summary>
public static class ExportModes
{
    /// <summary>Runs <c>reader-memory</c>, <c>reader-quick</c>, <c>reader-callers</c>, <c>webhook-import</c> or <c>ingest-e2e</c> when named; false for anything else (BenchmarkDotNet's arguments).</summary>
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0) return false;
        if (args[0].StartsWith(ReaderMemory.Mode, StringComparison.Ordinal))
        {
            await ReaderMemory.RunAsync(args);
            return true;
        }
        if (args[0] == ReaderQuick.Mode)
        {
            await ReaderQuick.RunAsync(args[1..]);
            return true;
        }
        if (args[0] == ReaderCallers.Mode)
        {
            await ReaderCallers.RunAsync(args[1..]);
            return true;
        }
        if (args[0] == WebhookImport.Mode)
        {
            await WebhookImport.RunAsync(args[1..]);
            return true;
        }
        if (args[0] == IngestEndToEnd.Mode)
        {
            await IngestEndToEnd.RunAsync(args[1..]);
            return true;
        }
        return false;
    }
}
