namespace Serverless.Functions;

internal static partial class Log
{
    [LoggerMessage(LogLevel.Error, "{Function} failed")]
    public static partial void InvocationFailed(ILogger logger, string function, Exception exception);

    [LoggerMessage(LogLevel.Information, "Published {Month} v{Version}")]
    public static partial void MonthPublished(ILogger logger, string month, int version);

    [LoggerMessage(LogLevel.Information, "{Month} already published v{Version}; nothing written")]
    public static partial void MonthAlreadyPublished(ILogger logger, string month, int version);

    [LoggerMessage(LogLevel.Warning, "{Month} not published ({Status}): {Reason}")]
    public static partial void MonthNotPublished(ILogger logger, string month, Serverless.Application.UseCases.MonthCloseStatus status, string reason);

    [LoggerMessage(LogLevel.Warning, "{Setting} is set: this handler's clock started at {Now}, not the machine's time (a test-only setting)")]
    public static partial void TestingClock(ILogger logger, string setting, string now);
}
