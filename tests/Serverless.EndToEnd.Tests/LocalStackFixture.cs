using Serverless.LocalHost;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>Azurite and the local host running the built handler, shared by one test class.</summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    private LocalStack? _stack;

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

    public async Task InitializeAsync()
    {
        var root = AzuriteFixture.RepoRoot;
        _stack = await LocalStack.StartAsync(
            root,
            LocalStack.BuiltHandlerCommand(root, Configuration),
            options => options with { EnableTimers = false, PollInterval = TimeSpan.FromMilliseconds(100) });
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }
}
