using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// Azurite and the local host running the built handler, shared by one test class. Its clock starts at the ambient test
/// now (<see cref="TestClock"/>), for tests whose outcome does not depend on the date.
/// </summary>
public class LocalStackFixture : IAsyncLifetime
{
    private LocalStack? _stack;

    public LocalStackFixture()
        : this(TestClock.Ambient)
    {
    }

    /// <summary>A stack whose local host and handler clocks start at <paramref name="now"/>.</summary>
    protected LocalStackFixture(DateTimeOffset now) => Now = now;

    /// <summary>The instant the stack's clocks started at (they run on from it).</summary>
    public DateTimeOffset Now { get; }

    public LocalStack Stack => _stack ?? throw new InvalidOperationException("The local stack is not started.");

    /// <summary>Debug or Release: whichever this test assembly was built in, so the handler matches it.</summary>
    public static string Configuration =>
        typeof(LocalStackFixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Stack.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (key is not null) client.DefaultRequestHeaders.Add("x-functions-key", key);
        return client;
    }

    public virtual async Task InitializeAsync()
    {
        var root = AzuriteFixture.RepoRoot;
        _stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, Configuration),
            options => (options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(100) }).StartingAt(Now));
    }

    public virtual async Task DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }
}

/// <summary>
/// A stack whose clocks start at 02:00 on 1 November 2026 in Shanghai (18:00 UTC on 31 October), the moment the monthly
/// timer fires to close October: for tests that run the timer or publish the month just ended.
/// </summary>
public sealed class OctoberClosingStack() : LocalStackFixture(ClosingMoment)
{
    public static readonly DateTimeOffset ClosingMoment = new(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(8));

    public static readonly Serverless.Domain.Metrics.YearMonth October = new(2026, 10);
}
