using Serverless.LocalHost;
using Xunit;

namespace Serverless.Testing;

/// <summary>A fresh in-memory Azurite for one test class (xunit class fixture), on free loopback ports.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite is not started.")).ConnectionString;

    public static string RepoRoot { get; } = AzuriteProcess.FindRepoRoot(AppContext.BaseDirectory);

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync(RepoRoot);

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
