using System.Diagnostics;

namespace Serverless.Testing;

/// <summary>
/// Waits for an asynchronous pipeline to reach a state, with a generous bound (a slow machine never fails a test by
/// itself). The bound is elapsed time on the monotonic timer, never the machine's date.
/// </summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (value is not null) return value;
            if (waited.Elapsed > limit) throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync<object>(async () => await condition() ? new object() : null, what, timeout);
}
