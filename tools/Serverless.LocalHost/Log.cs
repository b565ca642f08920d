namespace Serverless.LocalHost;

internal static partial class Log
{
    [LoggerMessage(LogLevel.Information, "Handler started: {Executable} (pid {Pid}) on port {Port}, instance {Instance}")]
    public static partial void HandlerStarted(ILogger logger, string executable, int pid, int port, int instance);

    [LoggerMessage(LogLevel.Information, "Handler ready at {Address}")]
    public static partial void HandlerReady(ILogger logger, Uri address);

    [LoggerMessage(LogLevel.Error, "Handler exited with code {ExitCode}; restarting in {Seconds} s")]
    public static partial void HandlerExited(ILogger logger, int exitCode, double seconds);

    [LoggerMessage(LogLevel.Information, "[handler] {Line}")]
    public static partial void HandlerOutput(ILogger logger, string line);

    [LoggerMessage(LogLevel.Warning, "[handler:stderr] {Line}")]
    public static partial void HandlerError(ILogger logger, string line);

    [LoggerMessage(LogLevel.Information, "{Function}: {Trigger} listening on {Source}")]
    public static partial void TriggerListening(ILogger logger, string function, string trigger, string source);

    [LoggerMessage(LogLevel.Information, "Executed '{Function}' (Succeeded, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    public static partial void InvocationSucceeded(ILogger logger, string function, string invocationId, double durationMs);

    [LoggerMessage(LogLevel.Warning, "Executed '{Function}' (Failed, Id={InvocationId}, Duration={DurationMs:0}ms): {Reason}")]
    public static partial void InvocationFailed(ILogger logger, string function, string invocationId, double durationMs, string reason);

    [LoggerMessage(LogLevel.Information, "Executed '{Function}' (HTTP {Method} {Path} → {Status}, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    public static partial void HttpInvocation(ILogger logger, string function, string invocationId, string method, string path, int status, double durationMs);

    [LoggerMessage(LogLevel.Information, "{Function}: {Line}")]
    public static partial void FunctionLog(ILogger logger, string function, string line);

    [LoggerMessage(LogLevel.Debug, "Sent {Count} message(s) to {Queue} from {InvocationId}")]
    public static partial void MessagesSent(ILogger logger, int count, string queue, string invocationId);

    [LoggerMessage(LogLevel.Warning, "{Function}: output binding type '{Type}' is not served locally; its value is ignored")]
    public static partial void UnsupportedBinding(ILogger logger, string function, string type);

    [LoggerMessage(LogLevel.Warning, "{Function}: storage unavailable ({Message}); retrying")]
    public static partial void StorageUnavailable(ILogger logger, string function, string message);

    [LoggerMessage(LogLevel.Error, "{Function}: delivery of message {MessageId} crashed")]
    public static partial void DeliveryCrashed(ILogger logger, string function, string messageId, Exception exception);

    [LoggerMessage(LogLevel.Warning, "{Function}: message {MessageId} dead-lettered after {DeliveryCount} deliveries: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string function, string messageId, int deliveryCount, string reason);

    [LoggerMessage(LogLevel.Warning, "{Function}: BlobCreated for {Blob} dead-lettered after {Attempts} attempts: {Reason}")]
    public static partial void EventDeadLettered(ILogger logger, string function, string blob, int attempts, string reason);

    [LoggerMessage(LogLevel.Warning, "{Function}: the lock on message {MessageId} was lost before it could be {Settlement}; it is delivered again")]
    public static partial void LockLost(ILogger logger, string function, string messageId, string settlement);

    [LoggerMessage(LogLevel.Warning, "{Function}: message {MessageId} still running after maxAutoLockRenewalDuration {Limit}; its lock lapses")]
    public static partial void LockLapsed(ILogger logger, string function, string messageId, TimeSpan limit);

    [LoggerMessage(LogLevel.Information, "{Function}: the occurrence due at {Due:O} was missed (past due by {Late}); running it now")]
    public static partial void TimerPastDue(ILogger logger, string function, DateTimeOffset due, TimeSpan late);

    [LoggerMessage(LogLevel.Information, "{Function}: failed; retry {Retry} of {Max} in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string function, int retry, int max, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "{Function}: no answer for {Blob} within {Seconds} s (attempt {Attempt}); Event Grid delivers it again")]
    public static partial void EventTimedOut(ILogger logger, string function, string blob, int attempt, double seconds);

    [LoggerMessage(LogLevel.Warning, "{File}: '{Setting}' is not implemented by the local host and has no effect here")]
    public static partial void SettingIgnored(ILogger logger, string file, string setting);

    [LoggerMessage(LogLevel.Warning, "{Setting} is set: the local host's and the handler's clocks start at {Now}, not the machine's time (a test-only setting; the handler refuses it on an Azure instance)")]
    public static partial void TestingClock(ILogger logger, string setting, string now);

    [LoggerMessage(LogLevel.Warning, "{Function}: message {MessageId} has reached MaxDequeueCount of {MaxDequeueCount}; moved to queue '{PoisonQueue}'")]
    public static partial void MovedToPoison(ILogger logger, string function, string messageId, int maxDequeueCount, string poisonQueue);
}
