namespace Serverless.LocalHost;

/// <summary>
/// The app's instances, one handler process each (<see cref="LocalHostOptions.Instances"/>), as the scale controller runs
/// several instances of a function app: each instance's Service Bus listener pulls from the same queue on its own
/// (<see cref="ServiceBusTrigger"/>), and what Azure's front end load-balances (Event Grid's webhook deliveries, HTTP
/// requests, a timer's run on whichever instance holds its singleton lock) goes to the next instance in turn, skipping
/// one whose handler is restarting while another answers. Instance 0 is <see cref="LocalStack.Handler"/>.
/// </summary>
public sealed class HandlerInstances : IHostedService, IAsyncDisposable
{
    private readonly IReadOnlyList<HandlerProcess> _instances;
    private int _next = -1;

    public HandlerInstances(HandlerProcess first, IServiceProvider services, LocalHostOptions options)
    {
        if (options.Instances < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Instances, "Instances is at least 1.");
        _instances = [first, .. Enumerable.Range(1, options.Instances - 1).Select(i => ActivatorUtilities.CreateInstance<HandlerProcess>(services, i))];
    }

    public IReadOnlyList<HandlerProcess> All => _instances;

    /// <summary>Completes when every instance's handler answers.</summary>
    public Task Ready => Task.WhenAll(_instances.Select(i => i.Ready));

    /// <summary>The instance the next load-balanced delivery goes to: round robin, a ready one before one restarting.</summary>
    public HandlerProcess Next()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Count);
        for (var k = 0; k < _instances.Count; k++)
        {
            var candidate = _instances[(start + k) % _instances.Count];
            if (candidate.Ready.IsCompletedSuccessfully) return candidate;
        }
        return _instances[start];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.WhenAll(_instances.Select(i => i.StartAsync(cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(_instances.Select(i => i.StopAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        // Instance 0 is the container's to dispose; the others were made here.
        foreach (var instance in _instances.Skip(1)) await instance.DisposeAsync();
    }
}
