using Serverless.Domain.Metrics;

namespace Serverless.Application.UseCases;

/// <summary>
/// Within one process: a score request holds the range of agent ids it scores in its month, and a request whose range
/// overlaps a held one waits until it is released. Requests for other agents or other months run at once.
/// </summary>
/// <remarks>
/// The month row's ETag keeps concurrent scoring correct however many processes score (<see cref="AgentDayScorer"/>):
/// of two invocations that scored the same agent-day, the one whose row write loses scores it again. That is right but
/// costly: the files of a day arrive together, their requests cover the same agents, and on a national day a quarter
/// of the agent-days were scored twice or more. Two invocations of the same process need not race at all, so they take
/// turns; only invocations of different processes still meet the ETags. The key is the month, not the day: an agent's
/// days of one month share its month row. No request holds more than one range, so none
/// can wait on another that waits on it.
/// </remarks>
public sealed class AgentRangeLocks
{
    private readonly object _sync = new();
    private readonly List<Held> _held = [];
    private int _waiting;

    /// <summary>Waits until no other holder's range of <paramref name="month"/> overlaps [<paramref name="first"/>, <paramref name="last"/>], then holds it until the result is disposed.</summary>
    public async Task<IDisposable> EnterAsync(YearMonth month, string first, string last, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(last);
        if (StringComparer.Ordinal.Compare(first, last) > 0) throw new ArgumentException($"The range '{first}'–'{last}' is empty.", nameof(last));
        var waiting = false;
        try
        {
            while (true)
            {
                Task released;
                lock (_sync)
                {
                    var blocking = _held.Find(h => h.Month == month && h.Overlaps(first, last));
                    if (blocking is null)
                    {
                        var held = new Held(this, month, first, last);
                        _held.Add(held);
                        if (waiting) _waiting--;
                        waiting = false;
                        return held;
                    }
                    released = blocking.Released.Task;
                    if (!waiting) _waiting++;
                    waiting = true;
                }
                await released.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            if (waiting)
            {
                lock (_sync) _waiting--;
            }
        }
    }

    /// <summary>How many requests are waiting for a range someone else holds now.</summary>
    public int WaitingCount
    {
        get { lock (_sync) return _waiting; }
    }

    /// <summary>How many ranges are held now.</summary>
    public int HeldCount
    {
        get { lock (_sync) return _held.Count; }
    }

    private void Release(Held held)
    {
        lock (_sync)
        {
            if (!_held.Remove(held)) return;
        }
        held.Released.TrySetResult();
    }

    private sealed class Held(AgentRangeLocks owner, YearMonth month, string first, string last) : IDisposable
    {
        public YearMonth Month { get; } = month;

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Overlaps(string otherFirst, string otherLast) =>
            StringComparer.Ordinal.Compare(first, otherLast) <= 0 && StringComparer.Ordinal.Compare(otherFirst, last) <= 0;

        public void Dispose() => owner.Release(this);
    }
}
