using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Serverless.CustomHandler;

/// <summary>
/// Invocation bodies in the exact form the Azure Functions host sends a custom handler. One place builds them, for the
/// local host and for the tests; <c>tools/Serverless.LocalHost/CONTRACT.md</c> names the host code each form comes from.
/// </summary>
public static class HostPayloads
{
    private static readonly string[] IsoDates = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK"];

    // Newtonsoft (the host's serialiser) leaves non-ASCII text as it is; so does this.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A string trigger or binding-data value as the host encodes it: <c>GetHttpScriptInvocationContextValue</c> tries
    /// <c>JObject.FromObject(value)</c>, which fails for a string, and falls back to <c>JsonConvert.SerializeObject(value)</c>:
    /// the string's own JSON literal, which the body then carries as a string once more.
    /// </summary>
    public static JsonNode ScriptString(string value) => JsonValue.Create(JsonSerializer.Serialize(value, Relaxed));

    /// <summary>A number binding-data value as the host encodes it: <c>JsonConvert.SerializeObject(4)</c>, the string <c>"4"</c>.</summary>
    public static JsonNode ScriptNumber(long value) => JsonValue.Create(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A <c>DateTime</c> binding-data value as the host encodes it: <c>DateTime.Parse(value.ToString())</c>, whole seconds
    /// and no kind, written without an offset (<c>"2026-10-01T16:05:13"</c>).
    /// </summary>
    public static JsonNode ScriptDateTime(DateTimeOffset value) =>
        JsonValue.Create(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));

    /// <summary>A <c>DateTimeOffset</c> binding-data value as the host encodes it: whole seconds, with its offset.</summary>
    public static JsonNode ScriptDateTimeOffset(DateTimeOffset value) =>
        JsonValue.Create(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));

    /// <summary>The invocation body: <c>{"Data": {binding: value}, "Metadata": {name: value, "sys": {...}}}</c>.</summary>
    public static JsonObject Invocation(JsonObject data, JsonObject metadata) => new() { ["Data"] = data, ["Metadata"] = metadata };

    /// <summary>
    /// The host's <c>sys</c> binding data (<c>SystemBindingData</c>): the function's name, the invocation's UTC time and a
    /// random GUID, which every invocation's metadata carries.
    /// </summary>
    public static JsonObject Sys(string functionName, DateTimeOffset utcNow) => new()
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = utcNow.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    /// <summary>
    /// The host's <c>Utility.ApplyBindingData</c>: when the trigger value is JSON object text, each top-level property
    /// that is not an array or null is copied into the binding data (objects as objects, anything else as its text,
    /// script-encoded), replacing a key of the same name in any case.
    /// </summary>
    public static void ApplyBindingData(JsonObject metadata, string triggerText)
    {
        JsonNode? parsed;
        try { parsed = JsonNode.Parse(triggerText); }
        catch (JsonException) { return; }
        if (parsed is not JsonObject body) return;
        foreach (var (key, value) in body)
        {
            if (value is null or JsonArray) continue;
            var existing = metadata.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            if (existing is not null) metadata.Remove(existing);
            metadata[key] = value is JsonObject ? value.DeepClone() : ScriptString(TokenText(value));
        }
    }

    /// <summary>
    /// Newtonsoft's <c>(string)JToken</c> after <c>JObject.Parse</c>: an ISO date string was parsed as a <c>DateTime</c> and
    /// reads back in the invariant culture (<c>12/06/2026 21:59:25</c>, the host's zone: UTC); another string as it is; a
    /// number or a boolean as its text (<c>True</c>).
    /// </summary>
    private static string TokenText(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String when DateTimeOffset.TryParseExact(value.GetValue<string>(), IsoDates, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            => date.UtcDateTime.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        _ => value.ToJsonString(),
    };

    /// <summary>
    /// A <c>Microsoft.Storage.BlobCreated</c> event in the Event Grid schema, as Blob Storage publishes it to a system
    /// topic (the fields of Microsoft Learn's "Azure Blob Storage as an Event Grid source" example).
    /// </summary>
    public static JsonObject BlobCreatedEvent(BlobCreatedInfo blob) => new()
    {
        ["topic"] = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{blob.AccountName}",
        ["subject"] = $"/blobServices/default/containers/{blob.Container}/blobs/{blob.BlobName}",
        ["eventType"] = GridEvent.BlobCreatedType,
        ["id"] = blob.EventId,
        ["data"] = new JsonObject
        {
            ["api"] = blob.Api,
            ["clientRequestId"] = blob.ClientRequestId,
            ["requestId"] = blob.RequestId,
            ["eTag"] = blob.ETag,
            ["contentType"] = blob.ContentType,
            ["contentLength"] = blob.ContentLength,
            ["blobType"] = "BlockBlob",
            ["url"] = blob.Url,
            ["sequencer"] = blob.Sequencer,
            ["storageDiagnostics"] = new JsonObject { ["batchId"] = blob.BatchId },
        },
        ["dataVersion"] = "",
        ["metadataVersion"] = "1",
        ["eventTime"] = blob.EventTime.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The event as the Event Grid extension hands it to a script worker: a string, the event re-serialised as indented
    /// JSON (<c>AddConverter&lt;JToken, string&gt;(jtoken =&gt; jtoken.ToString(Formatting.Indented))</c>).
    /// </summary>
    public static string EventText(JsonNode gridEvent) => gridEvent.ToJsonString(Indented);

    /// <summary>
    /// The Event Grid trigger's binding data: <c>data</c> (the trigger's own, an object) and, through
    /// <see cref="ApplyBindingData"/>, the event's other top-level fields as script strings.
    /// </summary>
    public static JsonObject EventGridMetadata(JsonObject gridEvent)
    {
        var metadata = new JsonObject { ["data"] = gridEvent["data"]?.DeepClone() };
        ApplyBindingData(metadata, EventText(gridEvent));
        return metadata;
    }

    /// <summary>
    /// A whole Event Grid invocation as the host posts it: the event in <c>Data.{binding}</c> (string in string), its
    /// binding data and <c>sys</c> in <c>Metadata</c>.
    /// </summary>
    public static JsonObject EventGridInvocation(string functionName, string bindingName, JsonObject gridEvent, DateTimeOffset utcNow)
    {
        var metadata = EventGridMetadata(gridEvent);
        metadata["sys"] = Sys(functionName, utcNow);
        return Invocation(new JsonObject { [bindingName] = ScriptString(EventText(gridEvent)) }, metadata);
    }

    /// <summary>
    /// The Service Bus trigger's binding data as the host puts it in <c>Metadata</c>: the keys of the extension's
    /// <c>ServiceBusTriggerBindingStrategy.GetBindingData</c>, each converted as the host converts values, then the body's
    /// top-level fields (<see cref="ApplyBindingData"/>).
    /// </summary>
    public static JsonObject ServiceBusMetadata(string body, ServiceBusMessageInfo message, DateTimeOffset utcNow)
    {
        ArgumentNullException.ThrowIfNull(message);
        var enqueued = message.EnqueuedTime ?? utcNow;
        var metadata = new JsonObject
        {
            // Settlement objects: no public state, so empty objects on the wire.
            ["MessageReceiver"] = new JsonObject(),
            ["MessageSession"] = new JsonObject(),
            ["MessageActions"] = new JsonObject(),
            ["SessionActions"] = new JsonObject(),
            ["ReceiveActions"] = new JsonObject(),
            ["DeliveryCount"] = ScriptNumber(message.DeliveryCount),
            ["LockToken"] = ScriptString(message.LockToken),
            ["ExpiresAtUtc"] = ScriptDateTime(message.ExpiresAt),
            ["ExpiresAt"] = ScriptDateTimeOffset(message.ExpiresAt),
            ["EnqueuedTimeUtc"] = ScriptDateTime(enqueued),
            ["EnqueuedTime"] = ScriptDateTimeOffset(enqueued),
            ["MessageId"] = ScriptString(message.MessageId),
            ["ContentType"] = ScriptString(message.ContentType),
            ["SequenceNumber"] = ScriptNumber(enqueued.UtcTicks),
            ["ApplicationProperties"] = new JsonObject(),
            ["UserProperties"] = new JsonObject(),
        };
        ApplyBindingData(metadata, body);
        return metadata;
    }

    /// <summary>
    /// A whole Service Bus invocation as the host posts it: the body bound as a string (<c>MessageToStringConverter</c>),
    /// script-encoded, in <c>Data.{binding}</c>; its binding data and <c>sys</c> in <c>Metadata</c>.
    /// </summary>
    public static JsonObject ServiceBusInvocation(string functionName, string bindingName, string body, ServiceBusMessageInfo message, DateTimeOffset utcNow)
    {
        var metadata = ServiceBusMetadata(body, message, utcNow);
        metadata["sys"] = Sys(functionName, utcNow);
        return Invocation(new JsonObject { [bindingName] = ScriptString(body) }, metadata);
    }

    /// <summary>
    /// The storage queue trigger's binding data as the host puts it in <c>Metadata</c>: the keys of the queue extension's
    /// <c>QueueTriggerBinding.CreateBindingData</c> (<c>QueueTrigger</c>, the message text, is left out as every key
    /// ending in "trigger" is), each converted as the host converts values: <c>DequeueCount</c> (a <c>long</c>) as a
    /// string, <c>Id</c> and <c>PopReceipt</c> script-encoded, <c>ExpirationTime</c>, <c>InsertionTime</c> and
    /// <c>NextVisibleTime</c> as <c>DateTimeOffset</c>s; then the message's top-level fields (<see cref="ApplyBindingData"/>).
    /// </summary>
    public static JsonObject QueueMetadata(string body, QueueMessageInfo message, DateTimeOffset utcNow)
    {
        ArgumentNullException.ThrowIfNull(message);
        var metadata = new JsonObject
        {
            ["DequeueCount"] = ScriptNumber(message.DequeueCount),
            // ExpiresOn, NextVisibleOn: DateTimeOffset.MaxValue when the service sent none; InsertedOn: the host's now.
            ["ExpirationTime"] = ScriptDateTimeOffset(message.ExpirationTime),
            ["Id"] = ScriptString(message.Id),
            ["InsertionTime"] = ScriptDateTimeOffset(message.InsertionTime ?? utcNow),
            ["NextVisibleTime"] = ScriptDateTimeOffset(message.NextVisibleTime),
            ["PopReceipt"] = ScriptString(message.PopReceipt),
        };
        ApplyBindingData(metadata, body);
        return metadata;
    }

    /// <summary>
    /// A whole storage queue invocation as the host posts it: the message bound as a string (the extension's
    /// <c>StorageQueueMessageToStringConverter</c>, the body as UTF-8 text), script-encoded, in <c>Data.{binding}</c>;
    /// its binding data and <c>sys</c> in <c>Metadata</c>.
    /// </summary>
    public static JsonObject QueueInvocation(string functionName, string bindingName, string body, QueueMessageInfo message, DateTimeOffset utcNow)
    {
        var metadata = QueueMetadata(body, message, utcNow);
        metadata["sys"] = Sys(functionName, utcNow);
        return Invocation(new JsonObject { [bindingName] = ScriptString(body) }, metadata);
    }

    /// <summary>
    /// A whole timer invocation as the host posts it: the extension's <c>TimerInfo</c> as an object in
    /// <c>Data.{binding}</c>, and only <c>sys</c> in <c>Metadata</c> (a timer has no binding data of its own).
    /// </summary>
    public static JsonObject TimerInvocation(string functionName, string bindingName, TimerInfo timer, DateTimeOffset utcNow) =>
        Invocation(new JsonObject { [bindingName] = JsonSerializer.SerializeToNode(timer) }, new JsonObject { ["sys"] = Sys(functionName, utcNow) });

    /// <summary>JSON text without escaping non-ASCII characters, as Newtonsoft writes it.</summary>
    public static string Text(JsonNode node) => node.ToJsonString(Relaxed);

    private static readonly JsonSerializerOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
}

/// <summary>What a BlobCreated event says of one blob.</summary>
public sealed record BlobCreatedInfo
{
    public required string AccountName { get; init; }
    public required string Container { get; init; }
    public required string BlobName { get; init; }
    public required string Url { get; init; }
    public string? ETag { get; init; }
    public string? ContentType { get; init; }
    public long ContentLength { get; init; }
    public DateTimeOffset EventTime { get; init; }
    public string Api { get; init; } = "PutBlob";
    public string EventId { get; init; } = Guid.NewGuid().ToString();
    public string ClientRequestId { get; init; } = Guid.NewGuid().ToString();
    public string RequestId { get; init; } = Guid.NewGuid().ToString();
    public string BatchId { get; init; } = Guid.NewGuid().ToString();

    /// <summary>Storage's opaque ordering key for events of one blob: later writes sort later.</summary>
    public string Sequencer { get; init; } = "0";
}

/// <summary>What the Service Bus trigger's binding data says of one received message.</summary>
public sealed record ServiceBusMessageInfo
{
    /// <summary>The content type the host's Service Bus output binding gives a string message (<c>StringToMessageConverter</c>).</summary>
    public const string StringContentType = "text/plain";

    /// <summary>1 on the first delivery, one more on each redelivery.</summary>
    public int DeliveryCount { get; init; } = 1;
    public string MessageId { get; init; } = Guid.NewGuid().ToString("N");
    public string LockToken { get; init; } = Guid.NewGuid().ToString();
    public string ContentType { get; init; } = StringContentType;

    /// <summary>When the message was sent; the invocation's time when not given.</summary>
    public DateTimeOffset? EnqueuedTime { get; init; }
    public DateTimeOffset ExpiresAt { get; init; } = DateTimeOffset.MaxValue;
}

/// <summary>What the storage queue trigger's binding data says of one received message.</summary>
public sealed record QueueMessageInfo
{
    /// <summary>1 on the first delivery, one more on each (the service counts dequeues).</summary>
    public long DequeueCount { get; init; } = 1;
    public string Id { get; init; } = Guid.NewGuid().ToString();
    public string PopReceipt { get; init; } = Convert.ToBase64String(Guid.NewGuid().ToByteArray());

    /// <summary>When the message was added; the invocation's time when not given.</summary>
    public DateTimeOffset? InsertionTime { get; init; }
    public DateTimeOffset ExpirationTime { get; init; } = DateTimeOffset.MaxValue;
    public DateTimeOffset NextVisibleTime { get; init; } = DateTimeOffset.MaxValue;
}
