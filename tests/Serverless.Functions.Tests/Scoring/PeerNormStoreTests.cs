using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>A day's stored peer norms, against Azurite: written whole under a version, read back exactly.</summary>
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

        Assert.True(await Store.ReplaceIfUnchangedAsync(day, Norms, DaySpread.Empty, never, CancellationToken.None));
        var first = await Store.ReadAsync(day, CancellationToken.None);
        Assert.Equal(Norms.OrderBy(n => n.Scope), first.Norms);
        Assert.False(await Store.ReplaceIfUnchangedAsync(day, [.. Norms.Reverse()], DaySpread.Empty, first, CancellationToken.None));

        // Two refreshes read the same version: the first to write wins, the other is told to read again.
        Assert.True(await Store.ReplaceIfUnchangedAsync(day, Norms[..2], DaySpread.Empty, first, CancellationToken.None));
        Assert.Null(await Store.ReplaceIfUnchangedAsync(day, [], DaySpread.Empty, first, CancellationToken.None));
        Assert.Null(await Store.ReplaceIfUnchangedAsync(day, [], DaySpread.Empty, never, CancellationToken.None));
        Assert.Equal(Norms[..2].OrderBy(n => n.Scope), await Store.GetAsync(day, CancellationToken.None));

        // A day without peers is computed, not missing.
        var second = await Store.ReadAsync(day, CancellationToken.None);
        Assert.True(await Store.ReplaceIfUnchangedAsync(day, [], DaySpread.Empty, second, CancellationToken.None));
        Assert.Empty((await Store.GetAsync(day, CancellationToken.None))!);
    }

    [Fact]
    public async Task Answer_share_figures_are_kept_beside_the_medians_and_norms_without_them_read_as_before()
    {
        var day = new DateOnly(2026, 9, 2);
        PeerNorm[] norms =
        [
            new(PeerScope.Group, "客服一部", "电费/欠费", 12, 286.41666666666669, 8.375, 61.5, 733),
            new(PeerScope.Center, "", "", 3000, 299.99999999999994, 8.1),
        ];
        Assert.True(await Store.ReplaceIfUnchangedAsync(day, norms, DaySpread.Empty, await Store.ReadAsync(day, CancellationToken.None), CancellationToken.None));

        var read = await Store.GetAsync(day, CancellationToken.None);
        Assert.Equal(norms.OrderBy(n => n.Scope), read);
        Assert.True(read![0].HasAnswerShare);
        Assert.False(read[1].HasAnswerShare);
    }
}
