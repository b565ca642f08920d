namespace Serverless.Functions;

internal static partial class Log
{
    [LoggerMessage(LogLevel.Error, "{Function} failed")]
    public static partial void InvocationFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(LogLevel.Warning, "{Function} failed: storage {Fault}; the host retries it")]
    public static partial void InvocationStorageFault(ILogger logger, string function, string fault);

    [LoggerMessage(LogLevel.Debug, "{Function} failed on storage")]
    public static partial void InvocationStorageFaultDetail(ILogger logger, string function, Exception exception);

    [LoggerMessage(LogLevel.Warning, "{Method} {Path} answered 503: storage {Fault}")]
    public static partial void RequestStorageFault(ILogger logger, string method, string path, string fault);

    [LoggerMessage(LogLevel.Debug, "{Method} {Path} failed on storage")]
    public static partial void RequestStorageFaultDetail(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(LogLevel.Information, "Published {Month} v{Version}")]
    public static partial void MonthPublished(ILogger logger, string month, int version);

    [LoggerMessage(LogLevel.Information, "{Month} already published v{Version}; nothing written")]
    public static partial void MonthAlreadyPublished(ILogger logger, string month, int version);

    [LoggerMessage(LogLevel.Warning, "{Month} not published ({Status}): {Reason}")]
    public static partial void MonthNotPublished(ILogger logger, string month, Serverless.Application.UseCases.MonthCloseStatus status, string reason);

    [LoggerMessage(LogLevel.Information, "Provisional ranking of {Month}: {Status}")]
    public static partial void ProvisionalRefreshed(ILogger logger, string month, Serverless.Application.UseCases.ProvisionalRefreshStatus status);

    [LoggerMessage(LogLevel.Warning, "{Setting} is set: this handler's clock started at {Now}, not the machine's time (a test-only setting)")]
    public static partial void TestingClock(ILogger logger, string setting, string now);
}
