using Serverless.MainJob;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await MainJobProgram.RunAsync(args, Environment.CurrentDirectory, Console.Out, Console.Error, TimeProvider.System, cancel.Token);
