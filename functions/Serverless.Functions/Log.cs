namespace Serverless.Functions;

internal static partial class Log
{
    [LoggerMessage(LogLevel.Error, "{Function} failed")]
    public static partial void InvocationFailed(ILogger logger, string function, Exception exception);
}
