using Serverless.CustomHandler;

namespace Serverless.Functions;

/// <summary>
/// The handler's clock: <see cref="TimeProvider.System"/>, or under the test-only setting <c>Testing:Now</c> a clock that
/// starts at the instant it names (<see cref="TestingClock"/>). On an Azure instance that setting stops the handler.
/// </summary>
public static class HandlerClock
{
    public static TimeProvider From(IConfiguration configuration)
    {
        var value = configuration[TestingClock.Setting];
        if (string.IsNullOrWhiteSpace(value)) return TimeProvider.System;
        if (TestingClock.AzureInstance(name => configuration[name]) is { } instance)
        {
            throw new TestingClockRefusedException(
                $"{TestingClock.Setting} is a test-only setting and this is an Azure instance ({instance} is set): remove the app setting {TestingClock.EnvironmentVariable}.");
        }
        try
        {
            return TestingClock.Starting(TestingClock.Parse(value));
        }
        catch (FormatException error)
        {
            throw new TestingClockRefusedException(error.Message);
        }
    }

    /// <summary>Says at start that the clock is not the machine's, so nobody takes a test run's dates for real ones.</summary>
    internal sealed class Warning(TimeProvider clock, IConfiguration configuration, ILogger<Warning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!string.IsNullOrWhiteSpace(configuration[TestingClock.Setting]))
            {
                Log.TestingClock(logger, TestingClock.Setting, TestingClock.Format(clock.GetUtcNow()));
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary><c>Testing:Now</c> where it must not be (an Azure instance) or in a form that names no instant.</summary>
public sealed class TestingClockRefusedException(string message) : Exception(message);
