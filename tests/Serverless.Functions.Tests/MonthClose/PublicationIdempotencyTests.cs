using Microsoft.Extensions.Time.Testing;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>
/// A month is published once, whatever the timer does, and a closed month's files never change: corrections become v2.
/// Each test closes its own month (its own clock) on one Azurite, so they do not see each other's versions.
/// </summary>
public sealed class PublicationIdempotencyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>A handler whose timer closes <paramref name="month"/>, with four agents scored 3, 2.5, 2 and 1.5 a day.</summary>
    private async Task<HandlerHost> HandlerClosingAsync(YearMonth month, string prefix)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(month.LastDay.AddDays(1).ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)));
        var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock));
        await handler.Get<IRosterStore>().UpsertAsync([.. Enumerable.Range(1, 4).Select(i => MonthData.Person($"{prefix}{i}", $"坐席{prefix}{i}"))], default);
        decimal[] points = [3m, 2.5m, 2m, 1.5m];
        for (var i = 0; i < points.Length; i++) await MonthData.PutTwoDaysAsync(handler.AgentMonths, $"{prefix}{i + 1}", month, points[i]);
        return handler;
    }

    private static async Task<IReadOnlyList<PublicationVersion>> VersionsAsync(HandlerHost handler, YearMonth month) =>
        await handler.Get<IPublicationStore>().ListAsync(month, default);

    [Fact]
    public async Task The_timer_firing_twice_publishes_one_version_and_leaves_it_untouched()
    {
        var month = new YearMonth(2027, 1);
        await using var handler = await HandlerClosingAsync(month, "T");

        Assert.StartsWith("Published 2027-01 v1", await handler.RunTimerAsync(), StringComparison.Ordinal);
        var first = await handler.SnapshotAsync("rankings", "2027-01/");
        var bonus = await handler.SnapshotAsync("bonus", "2027-01/");
        Assert.Equal("2027-01 already published v1; nothing written.", await handler.RunTimerAsync());

        Assert.Equal(first, await handler.SnapshotAsync("rankings", "2027-01/"), SnapshotComparer.Instance);
        Assert.Equal(bonus, await handler.SnapshotAsync("bonus", "2027-01/"), SnapshotComparer.Instance);
        Assert.Equal([(1, PublicationState.Complete)], (await VersionsAsync(handler, month)).Select(v => (v.Version, v.State)));
    }

    [Fact]
    public async Task Five_concurrent_timer_invocations_publish_one_version()
    {
        var month = new YearMonth(2027, 2);
        await using var handler = await HandlerClosingAsync(month, "C");

        var logs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => handler.RunTimerAsync()));

        Assert.Single(logs, l => l.StartsWith("Published 2027-02 v1", StringComparison.Ordinal));
        Assert.Equal(4, logs.Count(l => l == "2027-02 already published v1; nothing written."));
        Assert.Equal([(1, PublicationState.Complete)], (await VersionsAsync(handler, month)).Select(v => (v.Version, v.State)));
        var blobs = await handler.SnapshotAsync("rankings", "2027-02/");
        Assert.All(blobs.Keys, name => Assert.StartsWith("2027-02/v1/", name, StringComparison.Ordinal));
        Assert.Equal(5, blobs.Count); // ranking.csv, .xlsx, .json, teams.csv, manifest.json
    }

    [Fact]
    public async Task A_correction_after_publishing_is_republished_as_v2_with_a_diff_and_v1_stays_byte_identical()
    {
        var month = new YearMonth(2027, 3);
        await using var handler = await HandlerClosingAsync(month, "R");
        await handler.RunTimerAsync();
        var v1Rankings = await handler.SnapshotAsync("rankings", "2027-03/v1/");
        var v1Bonus = await handler.SnapshotAsync("bonus", "2027-03/v1/");

        // A late quality file: R4's days were worth 3.5 each, which takes R4 from last to first (7 + 6 = 13 > R1's 12).
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "R4", month, 3.5m);
        var refused = await handler.Publisher().RepublishAsync(month, " ", default);
        var republished = await handler.Publisher().RepublishAsync(month, "late quality file for R4", default);

        Assert.Equal(MonthCloseStatus.Invalid, refused.Status);
        Assert.Equal((MonthCloseStatus.Published, 2), (republished.Status, republished.Version!.Value));
        Assert.Equal(v1Rankings, await handler.SnapshotAsync("rankings", "2027-03/v1/"), SnapshotComparer.Instance);
        Assert.Equal(v1Bonus, await handler.SnapshotAsync("bonus", "2027-03/v1/"), SnapshotComparer.Instance);

        var diff = PublishedCsv.Read((await handler.Get<IPublicationStore>().ReadFileAsync(month, 2, "diff.csv", default))!);
        // 4 agents, so A = rank 1 only: R4 gains A (1000), R1 loses it; R2 and R3 move down a rank.
        var byAgent = diff.Skip(1).ToDictionary(r => r[0], r => r);
        Assert.Equal(["R4", "R1", "R2", "R3"], diff.Skip(1).Select(r => r[0]));
        Assert.Equal(("4", "1", "", "A", "1000.00"), (byAgent["R4"][4], byAgent["R4"][5], byAgent["R4"][8], byAgent["R4"][9], byAgent["R4"][12]));
        Assert.Equal(("1", "2", "A", "", "-1000.00"), (byAgent["R1"][4], byAgent["R1"][5], byAgent["R1"][8], byAgent["R1"][9], byAgent["R1"][12]));
        var status = await handler.Publisher().GetPublicationAsync(month, default);
        Assert.Equal([1, 2], status.Versions.Select(v => v.Version));
        var manifest = status.Latest!.Manifest;
        Assert.Equal(("late quality file for R4", 1, 4, 0m), (manifest.Reason, manifest.Diff!.PreviousVersion, manifest.Diff.ChangedCount, manifest.Diff.AmountDelta));
        Assert.Contains("diff.csv", manifest.Files.Select(f => f.Name));

        // Nothing changed since v2: no v3 (an HR call retried after a timeout is harmless), and the timer still writes nothing.
        Assert.Equal((MonthCloseStatus.Unchanged, 2), ((await handler.Publisher().RepublishAsync(month, "again", default)) is var again ? (again.Status, again.Version!.Value) : default));
        Assert.Equal("2027-03 already published v2; nothing written.", await handler.RunTimerAsync());
        Assert.Equal(2, (await VersionsAsync(handler, month)).Count);

        // The standings count the month once, at its corrected value.
        Assert.Equal(13m, (await handler.Get<IStandingStore>().GetAllAsync(default))["R4"].CumulativeBefore(month.FirstDay.AddMonths(1) is var next ? YearMonth.Of(next) : default));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_attempt_is_taken_over_once_stale_and_its_half_written_file_replaced()
    {
        var month = new YearMonth(2027, 4);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 1, 2, 0, 0, TimeSpan.FromHours(8)));
        await using var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock));
        await handler.Get<IRosterStore>().UpsertAsync([MonthData.Person("K1", "坐席K1")], default);
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "K1", month, 2m);
        var store = handler.Get<IPublicationStore>();
        // The crashed attempt: claimed v1, wrote a ranking.csv from other data, died without releasing.
        var crashed = await store.TryClaimAsync(new PublicationClaim(month, 1, "crashed", clock.GetUtcNow(), clock.GetUtcNow(), null), default);
        await handler.Blobs().GetBlobContainerClient("rankings").GetBlobClient("2027-04/v1/ranking.csv").UploadAsync(BinaryData.FromString("half written"));
        var options = handler.Get<MonthCloseOptions>();
        var quick = new MonthPublisher(handler.AgentMonths, handler.Ledger, handler.Get<IEntryStore<AwardRecord>>(), handler.Get<IEntryStore<PointsAdjustment>>(), handler.Get<IRulesStore>(), handler.Get<IRosterStore>(),
            handler.Get<IStandingStore>(), store, clock, options with { MaxWait = TimeSpan.FromMilliseconds(300) }, handler.Get<IInquiryStore>(), handler.Get<IPayrollTakenStore>());

        // While the claim is live, a second attempt waits, then reports it is in progress (the function fails so the host retries).
        Assert.Equal(MonthCloseStatus.InProgress, (await quick.PublishAsync(month, default)).Status);
        clock.Advance(options.ClaimLease + TimeSpan.FromSeconds(1));
        var outcome = await quick.PublishAsync(month, default);

        Assert.NotNull(crashed);
        Assert.Equal((MonthCloseStatus.Published, 1), (outcome.Status, outcome.Version!.Value));
        var csv = await store.ReadFileAsync(month, 1, "ranking.csv", default);
        Assert.Equal(outcome.Manifest!.Files.Single(f => f.Name == "ranking.csv").Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv!)));
        Assert.Equal(PublicationState.Complete, (await store.ListAsync(month, default)).Single().State);
    }

    [Fact]
    public async Task A_close_that_runs_longer_than_its_lease_renews_its_claim_and_is_not_taken_over()
    {
        var month = new YearMonth(2027, 7);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 8, 1, 2, 0, 0, TimeSpan.FromHours(8)));
        await using var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock));
        await handler.Get<IRosterStore>().UpsertAsync([MonthData.Person("L1", "坐席L1")], default);
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "L1", month, 2m);
        var store = handler.Get<IPublicationStore>();
        var options = handler.Get<MonthCloseOptions>();
        // The long close: it stops at its standings write (files written, claim held) until the test lets it go on.
        var standings = new HeldStandings(handler.Get<IStandingStore>());
        MonthPublisher Publisher(IStandingStore s, TimeSpan maxWait) => new(handler.AgentMonths, handler.Ledger, handler.Get<IEntryStore<AwardRecord>>(), handler.Get<IEntryStore<PointsAdjustment>>(),
            handler.Get<IRulesStore>(), handler.Get<IRosterStore>(), s, store, clock, options with { MaxWait = maxWait }, handler.Get<IInquiryStore>(), handler.Get<IPayrollTakenStore>());
        var slow = Publisher(standings, TimeSpan.FromMinutes(1)).PublishAsync(month, default);
        await standings.Entered.Task.WaitAsync(TimeSpan.FromMinutes(2));

        // Three leases pass on the close's clock, a third of a lease at a time; after each step the claim is renewed at that moment.
        for (var beat = 1; beat <= 9; beat++)
        {
            clock.Advance(options.ClaimLease / 3);
            var now = clock.GetUtcNow();
            await Eventually.UntilAsync(async () => (await store.ListAsync(month, default)).Single().RenewedAt == now, $"the claim renewed at beat {beat}");
        }
        var claim = (await store.ListAsync(month, default)).Single();
        Assert.True(clock.GetUtcNow() - claim.ClaimedAt > options.ClaimLease * 2, "the close has held its claim for longer than the lease");
        // Another attempt (the timer's retry, a second instance) finds the claim live: it does not take it over.
        var other = await Publisher(handler.Get<IStandingStore>(), TimeSpan.FromMilliseconds(300)).PublishAsync(month, default);
        Assert.Equal(MonthCloseStatus.InProgress, other.Status);
        Assert.Equal(claim.AttemptId, (await store.ListAsync(month, default)).Single().AttemptId);

        standings.Release.SetResult();
        var outcome = await slow;
        Assert.Equal((MonthCloseStatus.Published, 1), (outcome.Status, outcome.Version!.Value));
        var version = Assert.Single(await store.ListAsync(month, default));
        Assert.Equal((PublicationState.Complete, claim.AttemptId), (version.State, version.AttemptId));
        Assert.Equal("2027-07 already published v1; nothing written.", await handler.RunTimerAsync());
    }

    /// <summary>Standings whose month write waits until <see cref="Release"/> is set: a close that takes as long as the test wants.</summary>
    private sealed class HeldStandings(IStandingStore inner) : IStandingStore
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyDictionary<string, AgentStanding>> GetAllAsync(CancellationToken cancellationToken) => inner.GetAllAsync(cancellationToken);

        public async Task RecordMonthAsync(YearMonth month, int version, IReadOnlyList<ClosedMonthPoints> points, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            await inner.RecordMonthAsync(month, version, points, cancellationToken);
        }
    }

    [Fact]
    public async Task An_empty_month_is_not_frozen_and_publishes_once_its_data_arrives()
    {
        var month = new YearMonth(2027, 5);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 6, 1, 2, 0, 0, TimeSpan.FromHours(8)));
        await using var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock));

        var empty = await handler.RunTimerAsync();
        await MonthData.PutTwoDaysAsync(handler.AgentMonths, "E1", month, 2m);
        await handler.Get<IRosterStore>().UpsertAsync([MonthData.Person("E1", "坐席E1")], default);
        var later = await handler.RunTimerAsync();

        Assert.StartsWith("2027-05 not published: no agent has a scored day in it.", empty, StringComparison.Ordinal);
        Assert.StartsWith("Published 2027-05 v1", later, StringComparison.Ordinal);
    }
}
