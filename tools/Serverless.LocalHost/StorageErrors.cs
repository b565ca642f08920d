using Azure;

namespace Serverless.LocalHost;

/// <summary>
/// Whether a storage call failed because the service is unreachable or answering errors: a
/// <see cref="RequestFailedException"/>, or the <see cref="AggregateException"/> of them the Azure SDK's retry policy throws
/// once every try has failed to connect (a stopped Azurite service). A trigger's loop logs it and polls again, as the
/// host's listeners outlive a storage outage.
/// </summary>
public static class StorageErrors
{
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnavailable),
        _ => false,
    };
}
