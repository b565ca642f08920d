using Serverless.MainJob;

MainJobOptions options;
try
{
    options = MainJobOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(MainJobOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    return await new MainJobRun(options, Console.Out).RunAsync(cancel.Token);
}
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or TimeoutException)
{
    Console.Error.WriteLine($"main job: {ex.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("main job: cancelled.");
    return 130;
}
