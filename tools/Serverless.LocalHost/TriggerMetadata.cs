using System.Text.Json.Nodes;
using Azure.Storage.Queues.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// The Service Bus trigger's binding data as the host puts it in <c>Metadata</c>: the keys of the extension's
/// <c>ServiceBusTriggerBindingStrategy.GetBindingData</c>, each converted as the host converts values (CONTRACT.md).
/// </summary>
public static class ServiceBusMetadata
{
    /// <summary>The content type the host's Service Bus output binding gives a string message (<c>StringToMessageConverter</c>).</summary>
    public const string OutputContentType = "text/plain";

    public static JsonObject For(QueueMessage message, int deliveryCount, string lockToken, string body, DateTimeOffset now)
    {
        var enqueued = message.InsertedOn ?? now;
        var expires = message.ExpiresOn ?? DateTimeOffset.MaxValue;
        var metadata = new JsonObject
        {
            // Settlement objects: no public state, so empty objects on the wire.
            ["MessageReceiver"] = new JsonObject(),
            ["MessageSession"] = new JsonObject(),
            ["MessageActions"] = new JsonObject(),
            ["SessionActions"] = new JsonObject(),
            ["ReceiveActions"] = new JsonObject(),
            ["DeliveryCount"] = HostPayloads.ScriptNumber(deliveryCount),
            ["LockToken"] = HostPayloads.ScriptString(lockToken),
            ["ExpiresAtUtc"] = HostPayloads.ScriptDateTime(expires),
            ["ExpiresAt"] = HostPayloads.ScriptDateTimeOffset(expires),
            ["EnqueuedTimeUtc"] = HostPayloads.ScriptDateTime(enqueued),
            ["EnqueuedTime"] = HostPayloads.ScriptDateTimeOffset(enqueued),
            ["MessageId"] = HostPayloads.ScriptString(message.MessageId),
            ["ContentType"] = HostPayloads.ScriptString(OutputContentType),
            ["SequenceNumber"] = HostPayloads.ScriptNumber(enqueued.UtcTicks),
            ["ApplicationProperties"] = new JsonObject(),
            ["UserProperties"] = new JsonObject(),
        };
        HostPayloads.ApplyBindingData(metadata, body);
        return metadata;
    }
}
