using System.Collections.Concurrent;

namespace Serverless.LocalHost;

/// <summary>Counts of invocations per function and outcome, for <c>/admin/host/status</c> and progress output.</summary>
public sealed class InvocationJournal
{
    private readonly ConcurrentDictionary<string, FunctionCounts> _counts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised after each invocation is counted (benchmarks draw a timeline from it).</summary>
    public event Action<InvocationOutcome>? Recorded;

    public void Record(InvocationOutcome outcome)
    {
        Recorded?.Invoke(outcome);
        var counts = _counts.GetOrAdd(outcome.Function, _ => new FunctionCounts());
        if (outcome.Succeeded) Interlocked.Increment(ref counts.Succeeded);
        else Interlocked.Increment(ref counts.Failed);
        counts.LastFailure = outcome.Succeeded ? counts.LastFailure : outcome.Failure;
    }

    public IReadOnlyDictionary<string, FunctionCountsView> Snapshot() =>
        _counts.ToDictionary(p => p.Key, p => new FunctionCountsView(p.Value.Succeeded, p.Value.Failed, p.Value.LastFailure));

    private sealed class FunctionCounts
    {
        public long Succeeded;
        public long Failed;
        public volatile string? LastFailure;
    }
}

public sealed record FunctionCountsView(long Succeeded, long Failed, string? LastFailure);
