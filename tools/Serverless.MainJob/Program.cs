using Serverless.CustomHandler;
using Serverless.MainJob;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
// The machine's clock; under the test-only Testing__Now the job, the local host and the handler all start at that instant.
var testingNow = Environment.GetEnvironmentVariable(TestingClock.EnvironmentVariable);
var clock = string.IsNullOrWhiteSpace(testingNow) ? TimeProvider.System : TestingClock.Starting(TestingClock.Parse(testingNow));
return await MainJobProgram.RunAsync(args, Environment.CurrentDirectory, Console.Out, Console.Error, clock, cancel.Token);
