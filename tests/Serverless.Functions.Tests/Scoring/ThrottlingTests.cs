using Serverless.Application.Ports;
using Serverless.Domain.Metrics;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;
using Serverless.Testing.Storage;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// Table storage answers <c>503 ServerBusy</c> when a partition or the account is over its targets. The app's table
/// clients (<see cref="StorageClients.FromConnectionString"/>, the Azure SDK's default retry policy: 3 retries,
/// exponential back-off from 0.8 s) retry such answers: a ledger written through a proxy that refuses every write
/// twice ends exactly as one written without it, and every refused request was sent again until it got through.
/// </summary>
public sealed class ThrottlingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly string[] Rules = ["efficiency", "talk-time", "satisfaction"];

    public Task InitializeAsync() => StorageInitializer.EnsureCreatedAsync(StorageClients.FromConnectionString(azurite.ConnectionString), CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    private static LedgerDay Scored(string agentId, DateOnly date) =>
        new(agentId, [.. Rules.Select((r, i) => new LedgerEntry
        {
            AgentId = agentId,
            Period = LedgerPeriod.Day(date),
            Rule = r,
            Dimension = Dimension.WorkQuality,
            Points = i + agentId.Length / 10m,
            Inputs = $"N={i}",
            RulesVersion = "v1",
            Department = "D1",
        })], ["imp-1"], []);

    [Fact]
    public async Task Writes_refused_with_503_ServerBusy_are_retried_until_they_land_and_the_ledger_equals_an_unthrottled_one()
    {
        var agents = Enumerable.Range(1, 24).Select(i => $"T{i:000}").ToList();
        var plainDay = new DateOnly(2026, 10, 1);
        var throttledDay = new DateOnly(2026, 10, 2);
        var plain = new LedgerStore(StorageClients.FromConnectionString(azurite.ConnectionString));
        await plain.ReplaceDaysAsync(plainDay, [.. agents.Select(a => Scored(a, plainDay))], CancellationToken.None);

        await using var proxy = await TableWriteCounter.StartAsync();
        // Every write (a transaction is a POST to $batch) is refused on its first two attempts, reads pass.
        proxy.Throttle = (method, _, seen) => method != "GET" && seen < 2;
        var throttled = new LedgerStore(StorageClients.FromConnectionString(proxy.Rewrite(azurite.ConnectionString)));
        await throttled.ReplaceDaysAsync(throttledDay, [.. agents.Select(a => Scored(a, throttledDay))], CancellationToken.None);
        proxy.Throttle = null;

        foreach (var agent in agents)
        {
            var expected = (await plain.GetAsync(agent, plainDay, plainDay, CancellationToken.None)).Select(s => (s.Entry.Rule, s.Entry.Points, s.Entry.Inputs, string.Join(',', s.ImportIds)));
            var actual = (await plain.GetAsync(agent, throttledDay, throttledDay, CancellationToken.None)).Select(s => (s.Entry.Rule, s.Entry.Points, s.Entry.Inputs, string.Join(',', s.ImportIds)));
            Assert.Equal(expected, actual);
            Assert.Equal(Rules.Length, actual.Count());
        }

        // Each write operation was seen three times, in order: refused, refused, forwarded (and stored).
        var writes = proxy.Requests.Where(r => r.Method != "GET").GroupBy(r => r.ClientRequestId).ToList();
        Assert.True(writes.Count > 1, $"{writes.Count} write operations seen");
        Assert.All(writes, w => Assert.Equal([true, true, false], w.Select(r => r.Throttled)));
        // What got through is what was written: each agent's three rows once, nothing twice.
        Assert.Equal(agents.Count * Rules.Length, proxy.Writes.Count);
    }
}
