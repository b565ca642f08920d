namespace Serverless.LocalHost;

/// <summary>How the local host runs one function app.</summary>
public sealed record LocalHostOptions
{
    /// <summary>The folder with host.json (a deploy package's root, or the repository).</summary>
    public required string AppRoot { get; init; }

    /// <summary>The folder with one sub-folder per function (function.json); the app root in a deploy package.</summary>
    public string? FunctionsRoot { get; init; }

    /// <summary>
    /// The command that starts the handler, overriding host.json's <c>defaultExecutablePath</c>
    /// (e.g. <c>dotnet path/Serverless.Functions.dll</c> when running from a build instead of a package).
    /// </summary>
    public IReadOnlyList<string>? HandlerCommand { get; init; }

    /// <summary>The app settings the real host would expose to the handler as environment variables.</summary>
    public IReadOnlyDictionary<string, string> AppSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>The storage the triggers are served from (Azurite): blobs, queues and the receipts table.</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>
    /// How many instances of the app run at once, one handler process each, as the scale controller scales a function app
    /// out: each instance's Service Bus listener receives on its own (host.json's <c>maxConcurrentCalls</c> per instance),
    /// Event Grid deliveries, HTTP requests and timer runs go to the instances in turn. Default 1.
    /// </summary>
    public int Instances { get; init; } = 1;

    /// <summary>The port the host listens on for <c>/api/*</c> and <c>/admin/*</c>; 0 picks a free one.</summary>
    public int HttpPort { get; init; } = 7071;

    /// <summary>Keys accepted for authLevel=function routes (header <c>x-functions-key</c> or query <c>code</c>).</summary>
    public IReadOnlyList<string> FunctionKeys { get; init; } = [];

    /// <summary>The key for <c>/admin/*</c> (and accepted on every function).</summary>
    public required string MasterKey { get; init; }

    /// <summary>Service Bus queue property <c>maxDeliveryCount</c> (as infra/ provisions <c>score-requests</c>).</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>Service Bus queue property <c>lockDuration</c> (as infra/ provisions <c>score-requests</c>).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Overrides host.json's <c>maxAutoLockRenewalDuration</c> (tests make locks lapse).</summary>
    public TimeSpan? MaxAutoLockRenewalDuration { get; init; }

    /// <summary>How often queues and containers are looked at when idle.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Event Grid: how long a delivery may take before it counts as failed and is retried (Event Grid's 30 s).</summary>
    public TimeSpan EventGridResponseWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Event Grid subscription <c>maxDeliveryAttempts</c> (as infra/ provisions it).</summary>
    public int EventGridMaxAttempts { get; init; } = 30;

    /// <summary>Event Grid subscription <c>eventTimeToLiveInMinutes</c> (as infra/ provisions it).</summary>
    public TimeSpan EventGridTimeToLive { get; init; } = TimeSpan.FromMinutes(1440);

    /// <summary>Event Grid's retry delays after each failed attempt (the last repeats); tests shorten them.</summary>
    public IReadOnlyList<TimeSpan> EventGridRetryDelays { get; init; } = EventGridRetry.Schedule;

    /// <summary>
    /// Overrides the delay of every function-level retry policy (function.json <c>retry</c>; PublishMonth's starts at 30 s):
    /// tests shorten it, as they shorten Event Grid's schedule. Null in every real run: the policy's own delays.
    /// </summary>
    public TimeSpan? FunctionRetryDelay { get; init; }

    /// <summary>Event Grid: events delivered at once per subscription.</summary>
    public int EventGridConcurrency { get; init; } = 4;

    /// <summary>The host id: the storage key the timers' schedule status is kept under.</summary>
    public string HostId { get; init; } = "localhost";

    /// <summary>
    /// Called before each invocation is sent; a non-null answer fails the invocation with that reason instead. Tests use it
    /// to delay or fail a delivery at a chosen point; null in every real run.
    /// </summary>
    public Func<InvocationAttempt, CancellationToken, Task<string?>>? BeforeInvoke { get; init; }

    /// <summary>Event Grid subscriptions: which container's BlobCreated events go to which function (as in infra/).</summary>
    public IReadOnlyList<EventGridSubscription> EventGridSubscriptions { get; init; } = [new("ParseExport", "exports")];

    /// <summary>Whether timers fire on their schedule (tests turn this off and use run-now).</summary>
    public bool EnableTimers { get; init; } = true;
}

/// <summary>A BlobCreated subscription on one container, delivered to one eventGridTrigger function.</summary>
public sealed record EventGridSubscription(string Function, string Container);
