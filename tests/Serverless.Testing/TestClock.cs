using Serverless.CustomHandler;
using Serverless.LocalHost;

namespace Serverless.Testing;

/// <summary>
/// The "now" of every test that does not name its own, standing in for the machine clock, which no test reads: the
/// test-only setting <c>Testing__Now</c> from the test run's environment (<c>Testing__Now=2026-10-31T23:59:00+08:00
/// ./test.sh</c> runs the suite as if the machine's clock said so), else <see cref="Default"/>. The handler and local
/// host processes the tests start get it as their <c>Testing__Now</c> app setting, and their clocks run on from it.
/// A test whose outcome depends on the date (which month the timer closes, which month has ended) names its own instant
/// instead and starts its stack at it (<see cref="StartingAt"/>).
/// </summary>
public static class TestClock
{
    /// <summary>10:00 on 10 November 2026 in Shanghai, an ordinary working morning.</summary>
    public static readonly DateTimeOffset Default = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    public static DateTimeOffset Ambient { get; } = Read(Environment.GetEnvironmentVariable(TestingClock.EnvironmentVariable));

    /// <summary>The local host (and the handler it starts) with its clock starting at <paramref name="now"/>.</summary>
    public static LocalHostOptions StartingAt(this LocalHostOptions options, DateTimeOffset now) => options with
    {
        AppSettings = new Dictionary<string, string>(options.AppSettings, StringComparer.OrdinalIgnoreCase)
        {
            [TestingClock.EnvironmentVariable] = TestingClock.Format(now),
        },
    };

    /// <summary>The local host at the ambient now.</summary>
    public static LocalHostOptions AtAmbientNow(this LocalHostOptions options) => options.StartingAt(Ambient);

    private static DateTimeOffset Read(string? value) => string.IsNullOrWhiteSpace(value) ? Default : TestingClock.Parse(value);
}
