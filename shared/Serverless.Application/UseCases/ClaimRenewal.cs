using Serverless.Application.Ports;

namespace Serverless.Application.UseCases;

/// <summary>
/// Keeps a publication claim alive while its holder works (heartbeat): every <c>lease / 3</c> on the given clock the claim
/// row is renewed under its ETag (<see cref="IPublicationStore.TryRenewAsync"/>), so the lease can be short — a claim
/// whose holder died goes stale one lease after its last renewal and the retry takes it over — while a live close,
/// however long it runs, is never taken over. When a renewal finds the row changed (another attempt took the claim
/// over, e.g. after this process was paused past the lease), <see cref="Token"/> is cancelled so the holder stops
/// writing, and <see cref="Lost"/> says why.
/// </summary>
/// <remarks>
/// A renewal that fails for another reason (storage briefly unavailable) is tried again at the next beat: two beats may
/// fail before the lease runs out. <see cref="StopAsync"/> ends the beats without cancelling a renewal in flight (its
/// answer carries the ETag the holder completes or releases under), and returns the claim row as last renewed.
/// </remarks>
public sealed class ClaimRenewal : IAsyncDisposable
{
    private readonly IPublicationStore _publications;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _beats = new();
    private readonly CancellationTokenSource _work;
    private readonly Task _loop;
    private PublicationVersion _claim;

    private ClaimRenewal(IPublicationStore publications, PublicationVersion claim, TimeProvider clock, TimeSpan lease, CancellationToken cancellationToken)
    {
        _publications = publications;
        _claim = claim;
        _clock = clock;
        _interval = lease / 3;
        _work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = BeatAsync(cancellationToken);
    }

    /// <summary>Starts renewing <paramref name="claim"/> (just claimed by the caller) every <paramref name="lease"/>/3.</summary>
    public static ClaimRenewal Start(IPublicationStore publications, PublicationVersion claim, TimeProvider clock, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publications);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(clock);
        if (lease <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lease), lease, "MonthClose:ClaimLease must be positive.");
        return new ClaimRenewal(publications, claim, clock, lease, cancellationToken);
    }

    /// <summary>The claim row as last renewed (its ETag is the one the store holds while nobody else took it over).</summary>
    public PublicationVersion Claim => Volatile.Read(ref _claim);

    /// <summary>The holder's token: the caller's, also cancelled once the claim is lost.</summary>
    public CancellationToken Token => _work.Token;

    /// <summary>True once a renewal found the claim taken over by another attempt.</summary>
    public bool Lost { get; private set; }

    /// <summary>Stops renewing (waits for a renewal in flight) and returns the claim row as last renewed.</summary>
    public async Task<PublicationVersion> StopAsync()
    {
        if (!_beats.IsCancellationRequested) await _beats.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // The caller's token was cancelled during a renewal: nothing more to renew.
        }
        return Claim;
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_beats.Token, cancellationToken);
        // A periodic timer, not a delay after each renewal: the beats keep their cadence from the claim, and a tick that
        // falls while a renewal is still in flight is not lost (the next wait returns at once).
        using var timer = new PeriodicTimer(_interval, _clock);
        while (true)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(stop.Token)) return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            PublicationVersion? renewed;
            try
            {
                // The caller's token only: stopping must not abandon a renewal the store may already have applied.
                renewed = await _publications.TryRenewAsync(Claim, _clock.GetUtcNow(), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed beat is tried again at the next one; the lease allows two to fail.
            catch (Exception)
#pragma warning restore CA1031
            {
                continue;
            }
            if (renewed is null)
            {
                Lost = true;
                await _work.CancelAsync();
                return;
            }
            Volatile.Write(ref _claim, renewed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _beats.Dispose();
        _work.Dispose();
    }
}
