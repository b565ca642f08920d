using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>A day's stored peer norms, against Azurite: written whole under a version, read back exactly, and days stored one row per norm still read.</summary>
public sealed class PeerNormStoreTests(AzuriteFixture azurite) : AzuriteStoreTests(azurite)
{
    private PeerNormStore Store => new(Storage);

    private static readonly PeerNorm[] Norms =
    [
        new(PeerScope.Group, "客服一部", "电费/欠费", 12, 286.41666666666669, 8.375),
        new(PeerScope.Department, "客服一部", "", 30, 301.1, 7.9),
        new(PeerScope.Center, "", "", 3000, 299.99999999999994, 8.1),
    ];

    [Fact]
    public async Task Norms_are_read_back_exactly_and_a_write_from_an_old_read_stores_nothing()
    {
        var day = new DateOnly(2026, 9, 1);
        var never = await Store.ReadAsync(day, CancellationToken.None);
        Assert.Null(never.Norms);

        Assert.True(await Store.ReplaceIfUnchangedAsync(day, Norms, never, CancellationToken.None));
        var first = await Store.ReadAsync(day, CancellationToken.None);
        Assert.Equal(Norms.OrderBy(n => n.Scope), first.Norms);
        Assert.False(await Store.ReplaceIfUnchangedAsync(day, [.. Norms.Reverse()], first, CancellationToken.None));

        // Two refreshes read the same version: the first to write wins, the other is told to read again.
        Assert.True(await Store.ReplaceIfUnchangedAsync(day, Norms[..2], first, CancellationToken.None));
        Assert.Null(await Store.ReplaceIfUnchangedAsync(day, [], first, CancellationToken.None));
        Assert.Null(await Store.ReplaceIfUnchangedAsync(day, [], never, CancellationToken.None));
        Assert.Equal(Norms[..2].OrderBy(n => n.Scope), await Store.GetAsync(day, CancellationToken.None));

        // A day without peers is computed, not missing.
        var second = await Store.ReadAsync(day, CancellationToken.None);
        Assert.True(await Store.ReplaceIfUnchangedAsync(day, [], second, CancellationToken.None));
        Assert.Empty((await Store.GetAsync(day, CancellationToken.None))!);
    }

    [Fact]
    public async Task A_day_stored_one_row_per_norm_is_read_and_rewritten_as_one_row()
    {
        var day = new DateOnly(2026, 9, 2);
        var table = Storage.Tables.GetTableClient(Tables.PeerNorms);
        string[] keys = ["group|%E5%AE%A2%E6%9C%8D%E4%B8%80%E9%83%A8|%E7%94%B5%E8%B4%B9%2F%E6%AC%A0%E8%B4%B9", "department|%E5%AE%A2%E6%9C%8D%E4%B8%80%E9%83%A8", "center"];
        for (var i = 0; i < Norms.Length; i++)
        {
            await table.AddEntityAsync(new TableEntity("2026-09-02", keys[i])
            {
                ["Scope"] = Norms[i].Scope.ToString(), ["Department"] = Norms[i].Department, ["Specialty"] = Norms[i].Specialty,
                ["Agents"] = Norms[i].Agents, ["MedianHandleSeconds"] = Norms[i].MedianHandleSeconds, ["MedianCallsPerHour"] = Norms[i].MedianCallsPerHour,
            });
        }
        await table.AddEntityAsync(new TableEntity("2026-09-02", "~computed") { ["Norms"] = 3 });

        var read = await Store.ReadAsync(day, CancellationToken.None);
        Assert.Equal(Norms.OrderBy(n => n.Scope), read.Norms);

        // The same norms again: nothing changed, but the day now is the one row.
        Assert.False(await Store.ReplaceIfUnchangedAsync(day, Norms, read, CancellationToken.None));
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>("PartitionKey eq '2026-09-02'")) rows.Add(row.RowKey);
        Assert.Equal(["~computed"], rows);
        Assert.Equal(Norms.OrderBy(n => n.Scope), await Store.GetAsync(day, CancellationToken.None));
    }
}
