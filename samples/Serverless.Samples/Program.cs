using System.Diagnostics;
using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Samples;

// Exit codes: 0 written, 1 the files could not be written, 2 bad arguments.
if (!CommandLine.TryParse(args, out var command, out var error))
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(CommandLine.Usage);
    return 2;
}
if (command!.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var options = command.Options;
var clock = Stopwatch.StartNew();
try
{
    IReadOnlyList<SampleFile> files;
    if (command.CallsRows is { } rows)
    {
        var day = command.Day ?? options.StartDate;
        var relative = new ExportPath(ExportKind.Calls, day, options.Source, options.Gzip).BlobName;
        var full = Path.Combine(command.OutputDirectory, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        long written;
        using (var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            written = SampleGenerator.WriteCallsRows(stream, options, day, rows);
        }
        files = [new SampleFile(relative, written, new FileInfo(full).Length)];
        Console.WriteLine(Line(files[0]));
    }
    else
    {
        files = SampleGenerator.WriteTreeFiles(command.OutputDirectory, options, file => Console.WriteLine(Line(file)));
    }

    var totalRows = files.Sum(f => f.Rows);
    var totalBytes = files.Sum(f => f.Bytes);
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"wrote {files.Count:N0} files, {totalRows:N0} rows, {totalBytes:N0} bytes to {Path.GetFullPath(command.OutputDirectory)} in {clock.Elapsed.TotalSeconds:0.00} s"));
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: could not write under '{command.OutputDirectory}': {e.Message}");
    return 1;
}

static string Line(SampleFile file) =>
    string.Create(CultureInfo.InvariantCulture, $"  {file.RelativePath}  {file.Rows,9:N0} rows  {file.Bytes,13:N0} bytes");
