namespace Serverless.LocalHost;

/// <summary>The local host's command line entry point.</summary>
public static class LocalHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        LocalHostOptions options;
        try
        {
            options = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            if (ex.Message.Length > 0) Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(CommandLine.Usage);
            return 2;
        }

        try
        {
            var app = LocalHostApp.Build(options);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"local host: {ex.Message}");
            return 1;
        }
    }
}
