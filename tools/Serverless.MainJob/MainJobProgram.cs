using Serverless.Domain.Metrics;

namespace Serverless.MainJob;

/// <summary>The main job's command line: options, <c>--help</c>, and every failure a user can cause as one line with an exit code.</summary>
public static class MainJobProgram
{
    /// <returns>0 done, 1 the run failed (the reason is printed), 2 a wrong command line (the options are printed), 130 cancelled.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string workingDirectory, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken cancellationToken)
    {
        MainJobOptions options;
        try
        {
            options = MainJobOptions.Parse(args, workingDirectory);
            if (options.Help)
            {
                output.WriteLine(MainJobOptions.Usage);
                return 0;
            }
            _ = options.MonthToGenerate(new BusinessCalendar(clock));
        }
        catch (ArgumentException ex)
        {
            error.WriteLine($"main job: {ex.Message}");
            error.WriteLine();
            error.WriteLine(MainJobOptions.Usage);
            return 2;
        }

        try
        {
            return await new MainJobRun(options, output, clock).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("main job: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or TimeoutException or HttpRequestException or Azure.RequestFailedException)
        {
            error.WriteLine($"main job: {ex.Message}");
            return 1;
        }
    }
}
