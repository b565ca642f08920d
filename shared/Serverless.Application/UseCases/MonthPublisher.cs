using System.Diagnostics;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Application.UseCases;

/// <summary>
/// Month close (月度结算与发布): scores every agent's month, ranks, and publishes the month's files as a numbered, frozen
/// version. The scheduled close writes v1 once; an HR re-publication writes v{n+1} beside the earlier versions.
/// </summary>
/// <remarks>
/// <para><b>One publication, however often it runs.</b> A version is claimed before anything is written: the claim is a
/// table row created with "add" (the store answers 409 to a second add), so of two timers, two instances or five
/// parallel invocations exactly one holds v{n}. The holder scores, writes the monthly ledger entries (keyed, so a
/// repeat overwrites), writes the files (<c>manifest.json</c> last), records each agent's month in the standings
/// (keyed by month, so a repeat replaces) and finally marks the claim complete under its ETag. Only a complete version
/// is published: <see cref="GetPublicationAsync"/> lists complete versions only, and the scheduled close treats a
/// complete v1 as "already published" and writes nothing.</para>
/// <para><b>No stuck claim.</b> An attempt that fails releases its claim on the way out, so the host's retry takes it over
/// at once. While an attempt works it renews its claim every third of <see cref="MonthCloseOptions.ClaimLease"/>
/// (<see cref="ClaimRenewal"/>, under the row's ETag), so a live close is never taken over however long it runs. An
/// attempt that dies without releasing (process killed) stops renewing, and its claim goes stale one lease after the
/// last renewal; the next attempt then takes it over with an ETag-conditional update, so again only one succeeds, and
/// the superseded attempt, should it be only paused, finds its next renewal refused and stops writing. An invocation that finds a live claim waits for it (the usual case: the winner finishes in
/// seconds) and then reports "already published"; if it is still unfinished after <see cref="MonthCloseOptions.MaxWait"/>
/// it answers <see cref="MonthCloseStatus.InProgress"/>, which the function turns into a failure so the host retries.</para>
/// <para><b>Half-written files.</b> Files are created if absent; a file already there with the same bytes (a retry) is
/// left as it is; one with other bytes can only be a leftover of an abandoned attempt of this unpublished version, and
/// is replaced while the claim is held. Once the claim is complete no writer holds it, so v{n}'s files never change
/// again. The residual window — an attempt paused for longer than the lease between its last renewal and a write — is
/// why the lease is three renewal intervals, not one.</para>
/// <para><b>Re-publication.</b> Needs a reason; writes v{n+1} with <c>diff.csv</c> against v{n}'s <c>ranking.json</c>.
/// When the recomputed ranking equals the latest version's rows under the same rules version, nothing is written and
/// the outcome is <see cref="MonthCloseStatus.Unchanged"/>: payroll is never sent an identical file under a new number,
/// and an HR call retried after a network error does not produce a second version. On a month never published it
/// publishes v1 (recording the reason), which is how HR closes a month the timer found empty.</para>
/// <para><b>Completeness before v1.</b> Before claiming v1 the close asks <see cref="MonthCompletenessCheck"/> whether every
/// business day has its required exports; under the <c>wait</c> policy a gap is <see cref="MonthCloseStatus.Incomplete"/>
/// (nothing claimed, nothing written), under <c>publish</c>, or when HR accepts the gaps, v1 is written with them in its
/// manifest. Later versions only record the gaps they see.</para>
/// <para><b>Payroll.</b> From v2 on a version carries <c>payroll-delta.csv</c>: what changed per employee since the
/// version payroll marked taken (<see cref="IPayrollTakenStore"/>; v1 until one is marked). With
/// <see cref="MonthCloseOptions.HoldBonusWhileInquiryOpen"/> an agent with an open inquiry has their bonus held: marked in
/// <c>bonus.csv</c>, left out of <c>payroll.csv</c>, and released by the re-publication after the answer.</para>
/// <para><b>Standings.</b> Each agent's closed months are kept month by month (<see cref="AgentStanding"/>): "cumulative
/// before M" is the sum of the closed months before M and "previous stars" the highest level held before M, so closing
/// months in order, retrying a close and re-publishing any month all add up.</para>
/// </remarks>
public sealed class MonthPublisher(
    IAgentMonthStore agentMonths,
    ILedger ledger,
    IEntryStore<AwardRecord> awards,
    IEntryStore<PointsAdjustment> adjustments,
    IRulesStore rules,
    IRosterStore roster,
    IStandingStore standings,
    IPublicationStore publications,
    TimeProvider clock,
    MonthCloseOptions options,
    IInquiryStore inquiries,
    IPayrollTakenStore payrollTaken,
    MonthCompletenessCheck? completeness = null)
{
    /// <summary>The scheduled close: publishes v1 of <paramref name="month"/> unless some version is already published.</summary>
    public async Task<MonthCloseOutcome> PublishAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        (MonthCloseOutcome? Outcome, ManifestCompleteness? Manifest)? check = null;
        while (true)
        {
            var versions = await publications.ListAsync(month, cancellationToken);
            if (versions.LastOrDefault(v => v.State == PublicationState.Complete) is { } published)
            {
                return new MonthCloseOutcome(MonthCloseStatus.AlreadyPublished, month, published.Version,
                    $"{month} already published v{published.Version}; nothing written.");
            }

            // Completeness before v1 (its own use case; none configured, e.g. in benchmarks: nothing to check), once per
            // invocation: an invocation waiting for another one does not read every day's imports on each poll.
            check ??= await CheckCompletenessAsync(month, acceptGaps: false, cancellationToken);
            if (check.Value.Outcome is { } incomplete) return incomplete;

            var first = versions.FirstOrDefault(v => v.Version == 1);
            var claim = first is null
                ? await publications.TryClaimAsync(NewClaim(month, 1, reason: null), cancellationToken)
                : IsAvailable(first) ? await publications.TryTakeOverAsync(first, NewClaim(month, 1, reason: null), cancellationToken) : null;
            if (claim is not null)
            {
                await using var renewal = ClaimRenewal.Start(publications, claim, clock, options.ClaimLease, cancellationToken);
                var result = await ComputeOrReleaseAsync(renewal, cancellationToken);
                return result.Outcome ?? await PublishClaimedAsync(renewal, result.Close!, previous: null, check.Value.Manifest, holds: null, cancellationToken);
            }

            if (waited.Elapsed > options.MaxWait)
            {
                return new MonthCloseOutcome(MonthCloseStatus.InProgress, month, 1,
                    $"{month} v1 is being published by another invocation that has not finished; try again later.");
            }
            // Wall-time wait: the other invocation is real work, whatever clock the business logic is given.
            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    /// <summary>HR's re-publication (POST /api/months/{m}/publish): a new version with a reason, diffed against the latest.</summary>
    /// <remarks>The first version of a month is held to the completeness check like the timer's, unless
    /// <paramref name="acceptGaps"/> (HR publishes knowing the gaps: they are listed in the manifest). A later version
    /// records the gaps it still sees and is never held back: it corrects what payroll already has.</remarks>
    public async Task<MonthCloseOutcome> RepublishAsync(YearMonth month, string reason, CancellationToken cancellationToken) =>
        await RepublishAsync(month, reason, acceptGaps: false, cancellationToken);

    /// <inheritdoc cref="RepublishAsync(YearMonth, string, CancellationToken)"/>
    public async Task<MonthCloseOutcome> RepublishAsync(YearMonth month, string reason, bool acceptGaps, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new MonthCloseOutcome(MonthCloseStatus.Invalid, month, null,
                "A re-publication needs a reason: say why the closed month changes (it is recorded in the manifest).");
        }

        var versions = await publications.ListAsync(month, cancellationToken);
        if (versions.FirstOrDefault(v => v.State == PublicationState.Claimed && !IsAvailable(v)) is { } busy)
        {
            return new MonthCloseOutcome(MonthCloseStatus.InProgress, month, busy.Version,
                $"{month} v{busy.Version} is being published right now; try again when it has finished.");
        }

        var close = await ComputeAsync(month, cancellationToken);
        if (close.Outcome is { } failed) return failed;

        var latest = versions.LastOrDefault(v => v.State == PublicationState.Complete);
        var check = await CheckCompletenessAsync(month, acceptGaps: acceptGaps || latest is not null, cancellationToken);
        if (check.Outcome is { } incomplete) return incomplete;
        RankingDocument? previous = null;
        PayrollHolds? holds = null;
        if (latest is not null)
        {
            var json = await publications.ReadFileAsync(month, latest.Version, MonthPublication.RankingJsonName, cancellationToken)
                ?? throw new InvalidOperationException($"{month} v{latest.Version} is published but its {MonthPublication.RankingJsonName} is missing.");
            using (var stream = new MemoryStream(json)) previous = RankingJson.Read(stream);
            holds = await PayrollHolds.ReadAsync(inquiries, options, month, close.Close!.Ranking.Rows, cancellationToken);
            var latestManifest = await ReadManifestAsync(month, latest.Version, cancellationToken);
            // Releasing (or placing) a hold changes what payroll is sent, even when the ranking is the same.
            var sameHolds = PayrollHolds.HeldAgents(latestManifest.Holds).SequenceEqual(PayrollHolds.HeldAgents(holds.Holds), StringComparer.Ordinal);
            if (sameHolds && string.Equals(previous.RulesVersion, close.Close!.Rules.Version, StringComparison.Ordinal) && previous.Rows.SequenceEqual(close.Close.Ranking.Rows))
            {
                return new MonthCloseOutcome(MonthCloseStatus.Unchanged, month, latest.Version,
                    $"{month}: the ranking is the same as published v{latest.Version}; no new version written.");
            }
        }

        var top = versions.LastOrDefault();
        var claimed = top is null || top.State == PublicationState.Complete
            ? await publications.TryClaimAsync(NewClaim(month, (top?.Version ?? 0) + 1, reason), cancellationToken)
            : await publications.TryTakeOverAsync(top, NewClaim(month, top.Version, reason), cancellationToken);
        if (claimed is null)
        {
            return new MonthCloseOutcome(MonthCloseStatus.InProgress, month, null,
                $"{month}: another publication started at the same moment; try again when it has finished.");
        }
        await using var renewal = ClaimRenewal.Start(publications, claimed, clock, options.ClaimLease, cancellationToken);
        return await PublishClaimedAsync(renewal, close.Close!, previous, check.Manifest, holds, cancellationToken);
    }

    /// <summary>The month's published versions (complete ones only), newest last, with their manifests and file locations.</summary>
    public async Task<MonthPublicationStatus> GetPublicationAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var versions = await publications.ListAsync(month, cancellationToken);
        var published = new List<PublishedVersion>();
        foreach (var v in versions.Where(v => v.State == PublicationState.Complete))
        {
            var bytes = await publications.ReadFileAsync(month, v.Version, MonthPublication.ManifestName, cancellationToken)
                ?? throw new InvalidOperationException($"{month} v{v.Version} is published but its {MonthPublication.ManifestName} is missing.");
            PublicationManifest manifest;
            using (var stream = new MemoryStream(bytes)) manifest = PublicationManifest.Read(stream);
            var files = manifest.Files
                .Select(f => new PublishedFileLocation(f.Name, publications.LocationOf(month, v.Version, f.Name), f.Bytes, f.Sha256))
                .Append(new PublishedFileLocation(MonthPublication.ManifestName, publications.LocationOf(month, v.Version, MonthPublication.ManifestName), bytes.LongLength, null))
                .ToList();
            published.Add(new PublishedVersion(v.Version, v.Reason, v.GeneratedAt, v.CompletedAt, manifest, files));
        }
        var inProgress = versions.Any(v => v.State == PublicationState.Claimed && !IsAvailable(v));
        return new MonthPublicationStatus(month, published, inProgress);
    }

    /// <summary>
    /// The completeness check before a publication: an <see cref="MonthCloseStatus.Incomplete"/> outcome when the month
    /// has gaps, the policy is <c>wait</c> and they are not accepted; otherwise what the manifest records (null when no
    /// check is configured).
    /// </summary>
    private async Task<(MonthCloseOutcome? Outcome, ManifestCompleteness? Manifest)> CheckCompletenessAsync(YearMonth month, bool acceptGaps, CancellationToken cancellationToken)
    {
        if (completeness is null) return (null, null);
        var found = await completeness.CheckAsync(month, cancellationToken);
        if (!found.IsComplete && found.Rules.Policy == CompletenessPolicy.Wait && !acceptGaps)
        {
            return (new MonthCloseOutcome(MonthCloseStatus.Incomplete, month, null,
                $"{month} not published (completeness policy wait): {found.Describe()}. GET /api/months/{month}/completeness shows every day; "
                + $"once the files are in, HR publishes v1 with POST /api/months/{month}/publish and a reason (with \"acceptGaps\": true to publish with the gaps listed).",
                Completeness: found), null);
        }
        return (null, found.ForManifest(gapsAccepted: acceptGaps && found.Rules.Policy == CompletenessPolicy.Wait));
    }

    private async Task<MonthCloseOutcome> PublishClaimedAsync(ClaimRenewal renewal, MonthCloseResult close, RankingDocument? previous, ManifestCompleteness? gaps, PayrollHolds? holds, CancellationToken callerToken)
    {
        var claim = renewal.Claim;
        // Everything below runs under the claim's heartbeat: cancelled if the claim is lost, so a superseded attempt stops writing.
        var cancellationToken = renewal.Token;
        try
        {
            await WriteLedgerAsync(close, replacing: previous is not null, cancellationToken);
            var metadata = new PublicationMetadata(claim.Month, claim.Version, close.Rules.Version, claim.GeneratedAt, claim.Reason, gaps);
            holds ??= await PayrollHolds.ReadAsync(inquiries, options, claim.Month, close.Ranking.Rows, cancellationToken);
            var delta = previous is null ? null : await PayrollDeltaAsync(claim, PayrollLine.Of(close.Ranking.Rows, holds.Holds), cancellationToken);
            var tieredBefore = await TieredBeforeAsync(claim.Month, cancellationToken);
            var files = MonthPublication.Build(close.Ranking, metadata, previous, new PayrollExtras(delta, holds.Holds, holds.OpenInquiries), tieredBefore);
            await publications.WriteFilesAsync(claim, files, cancellationToken);
            await standings.RecordMonthAsync(claim.Month, claim.Version, close.ClosedPoints(claim.Version), cancellationToken);

            PublicationManifest manifest;
            using (var stream = new MemoryStream(files.Single(f => f.Name == MonthPublication.ManifestName).Content)) manifest = PublicationManifest.Read(stream);
            _ = await publications.TryCompleteAsync(await renewal.StopAsync(), manifest, cancellationToken)
                ?? throw TakenOver(claim);
            var s = close.Ranking.Summary;
            var diff = manifest.Diff is { } d ? $", {d.ChangedCount + d.AddedCount + d.RemovedCount} changed since v{d.PreviousVersion}" : "";
            diff += gaps is { Complete: false } c ? $", {c.Gaps.Count} completeness gap{(c.Gaps.Count == 1 ? "" : "s")} listed in the manifest" : "";
            diff += manifest.PayrollDelta is { } p ? $", payroll delta against v{p.AgainstVersion}: {p.RowCount} rows, net CNY {p.NetAmount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}" : "";
            diff += holds.OpenInquiries > 0 ? $", {holds.OpenInquiries} inquiries open (GET /api/inquiries?month={claim.Month}&state=open)" : "";
            diff += holds.Holds.Count > 0 ? $", {holds.Holds.Count} bonuses held" : "";
            diff += manifest.Teams is { } t
                ? $"; teams: {t.TeamsWithTier} of {t.Teams} with a member in a tier ({Percent(t.TeamsWithTierShare)}), agents ever in a tier: {t.AgentsEverInTier} of {t.Agents} ({Percent(t.AgentsEverInTierShare)})"
                : "";
            return new MonthCloseOutcome(MonthCloseStatus.Published, claim.Month, claim.Version,
                $"Published {claim.Month} v{claim.Version}: {s.EligibleCount} agents ranked, {s.PaidCount} paid, total CNY {s.TotalAmount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}{diff}.",
                manifest);
        }
        catch (OperationCanceledException ex) when (renewal.Lost && !callerToken.IsCancellationRequested)
        {
            throw TakenOver(claim, ex);
        }
        catch
        {
            await ReleaseQuietlyAsync(await renewal.StopAsync());
            throw;
        }
    }

    private static InvalidOperationException TakenOver(PublicationVersion claim, Exception? inner = null) => new(
        $"{claim.Month} v{claim.Version}: the claim was taken over by another attempt before this one finished; that attempt publishes the version.", inner);

    private async Task<(MonthCloseOutcome? Outcome, MonthCloseResult? Close)> ComputeOrReleaseAsync(ClaimRenewal renewal, CancellationToken callerToken)
    {
        try
        {
            var result = await ComputeAsync(renewal.Claim.Month, renewal.Token);
            // Nothing to publish: give v1 back so a later close (or HR) can publish it once the data is there.
            if (result.Outcome is not null) await publications.ReleaseAsync(await renewal.StopAsync(), callerToken);
            return result;
        }
        catch (OperationCanceledException ex) when (renewal.Lost && !callerToken.IsCancellationRequested)
        {
            throw TakenOver(renewal.Claim, ex);
        }
        catch
        {
            await ReleaseQuietlyAsync(await renewal.StopAsync());
            throw;
        }
    }

    /// <summary>
    /// The month ranked from what it holds so far, written nowhere and claiming nothing: the running month's provisional
    /// standings (暂定) from its month-to-date ledger (the scored days' entries, under the month's caps) and the awards and
    /// adjustments entered for it. The monthly rules (full attendance, satisfaction, push rate, error-free) are left out:
    /// they judge a whole month, and only the close does. Null when no rules are in force or no day of it is scored.
    /// </summary>
    public async Task<MonthCloseResult?> PreviewAsync(YearMonth month, CancellationToken cancellationToken) =>
        (await ComputeAsync(month, cancellationToken, monthToDate: true)).Close;

    /// <summary>
    /// A what-if's two closes of <paramref name="month"/>, written nowhere and claiming nothing: the month as it stands
    /// (its stored days under the rules in force on its last day, as a publication now would rank it), and the month
    /// under <paramref name="rules"/> from <paramref name="scored"/>, its days as those rules score them. Both read the same
    /// roster, awards, adjustments and standings, and rank with the close's own code (<see cref="MonthCloseCalculation"/>).
    /// </summary>
    /// <returns>The two closes, or the outcome saying why the month as it stands cannot be closed (no rules, no data).</returns>
    public async Task<(MonthCloseOutcome? Outcome, MonthCloseResult? Before, MonthCloseResult? After)> CompareAsync(
        YearMonth month, RulesDocument rules, IReadOnlyList<AgentMonthSummary> scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(scored);
        var inputs = await ReadInputsAsync(month, cancellationToken);
        var before = Close(month, inputs, inputs.Records, monthToDate: false);
        if (before.Outcome is not null) return (before.Outcome, null, null);
        var after = MonthCloseCalculation.Compute(month, rules, scored, inputs.Roster, inputs.Awards, inputs.Standings, inputs.Adjustments);
        return (null, before.Close, after);
    }

    /// <summary>What a close of the month reads: the rules book, the months' summaries, roster, awards, adjustments, standings.</summary>
    private sealed record CloseInputs(
        RuleBook Book, IReadOnlyList<AgentMonthSummary> Records, IReadOnlyList<RosterRecord> Roster, IReadOnlyList<Entry<AwardRecord>> Awards,
        IReadOnlyList<PointsAdjustment> Adjustments, IReadOnlyDictionary<string, AgentStanding> Standings);

    private async Task<CloseInputs> ReadInputsAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var book = await rules.GetBookAsync(cancellationToken);
        // The months' summaries, not their days: the store keeps the figures month close needs beside the days.
        var recordsTask = agentMonths.GetMonthSummariesAsync(month, cancellationToken);
        var rosterTask = roster.GetAllAsync(cancellationToken);
        var awardsTask = awards.GetInForceAsync(month, cancellationToken);
        var adjustmentsTask = adjustments.GetInForceAsync(month, cancellationToken);
        var standingsTask = standings.GetAllAsync(cancellationToken);
        await Task.WhenAll(recordsTask, rosterTask, awardsTask, adjustmentsTask, standingsTask);
        return new CloseInputs(book, await recordsTask, await rosterTask, await awardsTask, [.. (await adjustmentsTask).Select(a => a.Value)], await standingsTask);
    }

    private static (MonthCloseOutcome? Outcome, MonthCloseResult? Close) Close(YearMonth month, CloseInputs inputs, IReadOnlyList<AgentMonthSummary> records, bool monthToDate)
    {
        var document = inputs.Book.InForceOn(month.LastDay);
        if (monthToDate && document is not null) document = document with { Monthly = [] };
        if (document is null)
        {
            return (new MonthCloseOutcome(MonthCloseStatus.NoRules, month, null,
                $"{month} not published: no rules version is in force on {month.LastDay:yyyy-MM-dd}; add one effective on or before that day."), null);
        }
        if (records.Count == 0)
        {
            return (new MonthCloseOutcome(MonthCloseStatus.NoData, month, null,
                $"{month} not published: no agent has a scored day in it. Publish it once its exports are in (HR: POST /api/months/{month}/publish)."), null);
        }
        return (null, MonthCloseCalculation.Compute(month, document, records, inputs.Roster, inputs.Awards, inputs.Standings, inputs.Adjustments));
    }

    private async Task<(MonthCloseOutcome? Outcome, MonthCloseResult? Close)> ComputeAsync(YearMonth month, CancellationToken cancellationToken, bool monthToDate = false)
    {
        var inputs = await ReadInputsAsync(month, cancellationToken);
        return Close(month, inputs, inputs.Records, monthToDate);
    }

    private async Task WriteLedgerAsync(MonthCloseResult close, bool replacing, CancellationToken cancellationToken)
    {
        if (replacing)
        {
            // A re-publication replaces the month's monthly entries: one the new close no longer makes (a withdrawn
            // award, a cap no longer reached) must not stay behind to explain points nobody has any more.
            var made = close.Scores.SelectMany(s => s.Score.Entries)
                .Where(e => e.Period.Kind == Serverless.Domain.Scoring.LedgerPeriodKind.Month)
                .Select(e => new LedgerKey(e.AgentId, e.Rule))
                .ToHashSet();
            var stale = (await ledger.GetMonthlyKeysAsync(close.Month, cancellationToken)).Where(k => !made.Contains(k)).ToList();
            if (stale.Count > 0) await ledger.RemoveMonthlyAsync(close.Month, stale, cancellationToken);
        }
        // One ledger call for the month, each entry naming the imports its rule reads (ScoredAgentMonth.ImportIdsOf): the
        // store packs each partition's entries into full transactions whatever their imports.
        var entries = close.Scores.SelectMany(s => s.Score.Entries.Select(e => new SourcedLedgerEntry(e, s.ImportIdsOf(e)))).ToList();
        if (entries.Count > 0) await ledger.UpsertAsync(entries, options.LedgerParallelism, cancellationToken);
    }

    /// <summary>
    /// The delta of a re-publication: against the highest version payroll marked taken (below this one), or v1 when none
    /// was marked yet — v1 is what the scheduled close sent payroll. The base's lines are read back from its
    /// <c>ranking.json</c> and the holds in its manifest, i.e. exactly what its <c>payroll.csv</c> held.
    /// </summary>
    private async Task<PayrollDelta> PayrollDeltaAsync(PublicationVersion claim, IReadOnlyList<PayrollLine> current, CancellationToken cancellationToken)
    {
        var taken = (await payrollTaken.ListAsync(claim.Month, cancellationToken)).Where(t => t.Version < claim.Version).Select(t => t.Version).DefaultIfEmpty(0).Max();
        var against = taken > 0 ? taken : 1;
        var json = await publications.ReadFileAsync(claim.Month, against, MonthPublication.RankingJsonName, cancellationToken)
            ?? throw new InvalidOperationException($"{claim.Month} v{against} is published but its {MonthPublication.RankingJsonName} is missing.");
        RankingDocument baseline;
        using (var stream = new MemoryStream(json)) baseline = RankingJson.Read(stream);
        var manifest = await ReadManifestAsync(claim.Month, against, cancellationToken);
        return PayrollDelta.Compare(against, taken > 0, PayrollLine.Of(baseline.Rows, manifest.Holds), current);
    }

    /// <summary>
    /// The agents who earned a bonus tier in an earlier published month: the <c>bonus.csv</c> of the latest complete version
    /// of each month before <paramref name="month"/> (paid agents only, so a small file per month), for the coverage figure
    /// "share of agents who have ever earned a tier".
    /// </summary>
    private async Task<IReadOnlyCollection<string>> TieredBeforeAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var latest = (await publications.ListBeforeAsync(month, cancellationToken))
            .Where(v => v.State == PublicationState.Complete)
            .GroupBy(v => v.Month)
            .Select(g => g.MaxBy(v => v.Version)!)
            .ToList();
        var files = await Task.WhenAll(latest.Select(v => publications.ReadFileAsync(v.Month, v.Version, MonthPublication.BonusCsvName, cancellationToken)));
        return files.Where(f => f is not null).SelectMany(f => BonusCsv.ReadAgentIds(f!)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Percent(decimal share) => (share * 100m).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %";

    private async Task<PublicationManifest> ReadManifestAsync(YearMonth month, int version, CancellationToken cancellationToken)
    {
        var bytes = await publications.ReadFileAsync(month, version, MonthPublication.ManifestName, cancellationToken)
            ?? throw new InvalidOperationException($"{month} v{version} is published but its {MonthPublication.ManifestName} is missing.");
        using var stream = new MemoryStream(bytes);
        return PublicationManifest.Read(stream);
    }

    private bool IsAvailable(PublicationVersion version) =>
        version.State == PublicationState.Released
        || (version.State == PublicationState.Claimed && clock.GetUtcNow() - version.HeldSince > options.ClaimLease);

    private PublicationClaim NewClaim(YearMonth month, int version, string? reason)
    {
        var now = clock.GetUtcNow();
        return new PublicationClaim(month, version, Guid.NewGuid().ToString("N"), now, now, reason);
    }

    private async Task ReleaseQuietlyAsync(PublicationVersion claim)
    {
        try
        {
            // Not the caller's token: the release matters most when the caller is being cancelled.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await publications.ReleaseAsync(claim, timeout.Token);
        }
#pragma warning disable CA1031 // The original failure is what the caller must see; a failed release only delays the retry by the lease.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
