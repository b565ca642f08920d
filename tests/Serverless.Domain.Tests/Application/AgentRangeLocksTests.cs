using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;

namespace Serverless.Domain.Tests.Application;

/// <summary>Score requests of one process take turns when their agents of a month overlap, and only then.</summary>
public sealed class AgentRangeLocksTests
{
    private static readonly YearMonth Month = new(2026, 10);

    [Fact]
    public async Task A_request_over_agents_already_being_scored_waits_until_they_are_done()
    {
        var locks = new AgentRangeLocks();
        var first = await locks.EnterAsync(Month, "A0100", "A0500", CancellationToken.None);

        var overlapping = locks.EnterAsync(Month, "A0400", "A0900", CancellationToken.None);
        var sameEdge = locks.EnterAsync(Month, "A0000", "A0100", CancellationToken.None);
        // Both are seen waiting for the held range, not merely not finished yet.
        Assert.Equal(2, locks.WaitingCount);
        Assert.False(overlapping.IsCompleted);
        Assert.False(sameEdge.IsCompleted);

        first.Dispose();
        // One of the two goes on; they do not overlap each other, so both do.
        (await overlapping.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await sameEdge.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal((0, 0), (locks.HeldCount, locks.WaitingCount));
    }

    [Fact]
    public async Task Other_agents_and_other_months_go_on_at_once()
    {
        var locks = new AgentRangeLocks();
        using var held = await locks.EnterAsync(Month, "A0100", "A0500", CancellationToken.None);

        var after = locks.EnterAsync(Month, "A0501", "A0900", CancellationToken.None);
        var before = locks.EnterAsync(Month, "A0000", "A0099", CancellationToken.None);
        var nextMonth = locks.EnterAsync(new YearMonth(2026, 11), "A0100", "A0500", CancellationToken.None);

        Assert.True(after.IsCompletedSuccessfully);
        Assert.True(before.IsCompletedSuccessfully);
        Assert.True(nextMonth.IsCompletedSuccessfully);
        Assert.Equal(4, locks.HeldCount);
    }

    [Fact]
    public async Task A_waiting_request_can_be_cancelled_and_holds_nothing()
    {
        var locks = new AgentRangeLocks();
        using var held = await locks.EnterAsync(Month, "A1", "A9", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = locks.EnterAsync(Month, "A5", "A5", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal((1, 0), (locks.HeldCount, locks.WaitingCount));
    }

    [Fact]
    public async Task Many_overlapping_requests_never_hold_at_once()
    {
        const int Requests = 20;
        var locks = new AgentRangeLocks();
        var inside = 0;
        var most = 0;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            // Every range holds "A5".
            using var turn = await locks.EnterAsync(Month, "A" + (i % 5), "A" + (5 + i % 4), CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            // Hold the range until every request not yet done is seen waiting for it; a lock that let one in would
            // show here instead (two inside), so the wait ends either way.
            await UntilAsync(() => locks.WaitingCount == Requests - Volatile.Read(ref done) - 1 || Volatile.Read(ref inside) > 1, "every other request to wait for its turn");
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref done);
        }));

        Assert.Equal(1, most);
        Assert.Equal(0, locks.HeldCount);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after 30 s.</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"Timed out after 30 s waiting for {what}.");
            await Task.Delay(10);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }
}
