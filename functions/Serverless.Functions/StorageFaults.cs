using System.Net.Sockets;
using Azure;

namespace Serverless.Functions;

/// <summary>
/// Storage faults an operator expects now and then — the service busy or down (5xx, e.g. <c>503 ServerBusy</c>), a call
/// refused or timed out (no answer) — told apart from bugs, so they are logged as one Warning line with the status and
/// error code instead of a stack trace (the stack goes to Debug). The call is retried by the host or the caller.
/// </summary>
internal static class StorageFaults
{
    /// <summary>One line naming the fault (<c>status 503 ServerBusy</c>, <c>no answer: ConnectionRefused</c>), or null when <paramref name="error"/> is not one.</summary>
    public static string? Describe(Exception error) => error switch
    {
        RequestFailedException { Status: >= 500 } failed => $"status {failed.Status} {failed.ErrorCode ?? "(no error code)"}",
        RequestFailedException { Status: 0 } failed => $"no answer: {Cause(failed)}",
        // The SDK's retries, every one failed: "Retry failed after 4 tries".
        AggregateException { InnerExceptions.Count: > 0 } all when all.InnerExceptions.All(e => Describe(e) is not null || e is TaskCanceledException or TimeoutException) =>
            $"{all.InnerExceptions.Count} tries, last {Describe(all.InnerExceptions[^1]) ?? "timed out"}",
        _ => null,
    };

    private static string Cause(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket) return socket.SocketErrorCode.ToString();
            if (inner is TimeoutException or TaskCanceledException) return "timed out";
        }
        return error.InnerException?.GetType().Name ?? "no response";
    }
}
