using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;

namespace Serverless.Domain.Tests.Application;

/// <summary>Score requests of one process take turns when their agents of a month overlap, and only then.</summary>
public sealed class AgentRangeLocksTests
{
    private static readonly YearMonth Month = new(2026, 10);
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_request_over_agents_already_being_scored_waits_until_they_are_done()
    {
        var locks = new AgentRangeLocks();
        var first = await locks.EnterAsync(Month, "A0100", "A0500", CancellationToken.None);

        var overlapping = locks.EnterAsync(Month, "A0400", "A0900", CancellationToken.None);
        var sameEdge = locks.EnterAsync(Month, "A0000", "A0100", CancellationToken.None);
        await Task.Delay(Soon);
        Assert.False(overlapping.IsCompleted);
        Assert.False(sameEdge.IsCompleted);

        first.Dispose();
        // One of the two goes on; they do not overlap each other, so both do.
        (await overlapping.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await sameEdge.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, locks.HeldCount);
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
        Assert.Equal(1, locks.HeldCount);
    }

    [Fact]
    public async Task Many_overlapping_requests_never_hold_at_once()
    {
        var locks = new AgentRangeLocks();
        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            // Every range holds "A5".
            using var turn = await locks.EnterAsync(Month, "A" + (i % 5), "A" + (5 + i % 4), CancellationToken.None);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref inside);
        }));

        Assert.Equal(1, most);
        Assert.Equal(0, locks.HeldCount);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
        }
    }
}
