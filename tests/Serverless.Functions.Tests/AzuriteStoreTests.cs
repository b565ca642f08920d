using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests;

/// <summary>Tests of the table stores against their class's own Azurite, with the tables created before each test.</summary>
public abstract class AzuriteStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    protected StorageClients Storage { get; } = StorageClients.FromConnectionString(azurite.ConnectionString);

    public Task InitializeAsync() => StorageInitializer.EnsureCreatedAsync(Storage, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;
}
