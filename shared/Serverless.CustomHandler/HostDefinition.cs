using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>The parts of <c>host.json</c> a host needs to start a custom handler.</summary>
public sealed record HostDefinition
{
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("customHandler")] public required CustomHandlerSection CustomHandler { get; init; }
    [JsonPropertyName("extensionBundle")] public ExtensionBundleSection? ExtensionBundle { get; init; }
    [JsonPropertyName("extensions")] public ExtensionsSection? Extensions { get; init; }

    /// <summary>How long one invocation may run before the host cancels it and counts it failed (<c>hh:mm:ss</c>).</summary>
    [JsonPropertyName("functionTimeout")] public TimeSpan? FunctionTimeout { get; init; }

    public static HostDefinition Load(string appRoot) =>
        JsonSerializer.Deserialize<HostDefinition>(File.ReadAllText(Path.Combine(appRoot, "host.json")), FunctionDefinition.JsonOptions)
        ?? throw new InvalidDataException($"{appRoot}/host.json is empty.");

    /// <summary>The HTTP route prefix (default <c>api</c>, as the host's).</summary>
    public string RoutePrefix => Extensions?.Http?.RoutePrefix ?? "api";
}

public sealed record CustomHandlerSection(
    [property: JsonPropertyName("description")] CustomHandlerDescription Description,
    [property: JsonPropertyName("enableProxyingHttpRequest")] bool EnableProxyingHttpRequest);

public sealed record CustomHandlerDescription(
    [property: JsonPropertyName("defaultExecutablePath")] string DefaultExecutablePath,
    [property: JsonPropertyName("workingDirectory")] string? WorkingDirectory,
    [property: JsonPropertyName("arguments")] IReadOnlyList<string>? Arguments);

public sealed record ExtensionBundleSection(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] string Version);

public sealed record ExtensionsSection(
    [property: JsonPropertyName("http")] HttpExtensionSection? Http,
    [property: JsonPropertyName("serviceBus")] ServiceBusExtensionSection? ServiceBus,
    [property: JsonPropertyName("queues")] QueuesExtensionSection? Queues = null);

/// <summary>host.json <c>extensions.queues</c>: the storage queue trigger's settings (the extension's <c>QueuesOptions</c>).</summary>
public sealed record QueuesExtensionSection(
    [property: JsonPropertyName("batchSize")] int? BatchSize = null,
    [property: JsonPropertyName("newBatchThreshold")] int? NewBatchThreshold = null,
    [property: JsonPropertyName("maxDequeueCount")] int? MaxDequeueCount = null,
    [property: JsonPropertyName("visibilityTimeout")] TimeSpan? VisibilityTimeout = null,
    [property: JsonPropertyName("maxPollingInterval")] TimeSpan? MaxPollingInterval = null,
    [property: JsonPropertyName("messageEncoding")] string? MessageEncoding = null);

public sealed record HttpExtensionSection(
    [property: JsonPropertyName("routePrefix")] string? RoutePrefix,
    [property: JsonPropertyName("maxConcurrentRequests")] int? MaxConcurrentRequests = null);

public sealed record ServiceBusExtensionSection(
    [property: JsonPropertyName("maxConcurrentCalls")] int? MaxConcurrentCalls,
    [property: JsonPropertyName("prefetchCount")] int? PrefetchCount,
    [property: JsonPropertyName("autoCompleteMessages")] bool? AutoCompleteMessages = null,
    [property: JsonPropertyName("maxAutoLockRenewalDuration")] TimeSpan? MaxAutoLockRenewalDuration = null);
