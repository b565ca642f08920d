using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Event Grid for one BlobCreated subscription, delivering as Event Grid delivers to the Functions webhook:
/// <list type="bullet">
/// <item>one <c>Microsoft.Storage.BlobCreated</c> event per new blob (a blob overwritten with new content is new again),
/// each delivered on its own, the same event (same id) on every attempt;</item>
/// <item>an attempt fails when the function fails or when no answer came within the response window (30 s): the event
/// is then delivered again on Event Grid's retry schedule, while the slow first attempt may still be running;</item>
/// <item>after the subscription's max delivery attempts, or once the event is older than its time to live, the event
/// is dead-lettered to the <c>eventgrid-deadletter</c> container in Event Grid's dead-letter form.</item>
/// </list>
/// A receipt per settled event is kept in a table, so a restart does not deliver it again.
/// </summary>
public sealed class BlobCreatedTrigger(
    FunctionDefinition function,
    EventGridSubscription subscription,
    LocalHostOptions options,
    BlobServiceClient blobs,
    TableServiceClient tables,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<BlobCreatedTrigger> logger) : BackgroundService
{
    public const string ReceiptsTable = "LocalHostEventReceipts";
    public const string DeadLetterContainer = "eventgrid-deadletter";
    private readonly ConcurrentDictionary<string, PendingEvent> _pending = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var container = blobs.GetBlobContainerClient(subscription.Container);
        var receipts = tables.GetTableClient(ReceiptsTable);
        await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await receipts.CreateIfNotExistsAsync(stoppingToken);
        var settled = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await foreach (var receipt in receipts.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionKey, cancellationToken: stoppingToken))
        {
            settled[receipt.RowKey] = true;
        }
        Log.TriggerListening(logger, function.Name, "eventGridTrigger", $"{subscription.Container} (answer within {options.EventGridResponseWindow.TotalSeconds:0} s, {options.EventGridMaxAttempts} attempts, TTL {options.EventGridTimeToLive})");

        // Attempts under way, by event: a new attempt starts only when its retry time has come, whether or not an
        // earlier attempt that outlived the response window has ended.
        var attempts = new ConcurrentDictionary<Task, bool>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await foreach (var blob in container.GetBlobsAsync(cancellationToken: stoppingToken))
                    {
                        var key = ReceiptKey(blob);
                        if (!settled.ContainsKey(key)) _pending.TryAdd(key, new PendingEvent(key, blob.Name, NewEvent(container, blob, clock.GetUtcNow()), clock.GetUtcNow()));
                    }
                    // Oldest first, as the events were raised; at most EventGridConcurrency waiting on an answer at once.
                    foreach (var pending in _pending.Values.Where(p => !p.Waiting && p.DueAt <= clock.GetUtcNow()).OrderBy(p => p.PublishedAt).ThenBy(p => p.BlobName, StringComparer.Ordinal))
                    {
                        if (_pending.Values.Count(p => p.Waiting) >= options.EventGridConcurrency) break;
                        pending.Waiting = true;
                        var attempt = Task.Run(() => AttemptAsync(pending, receipts, settled, stoppingToken), CancellationToken.None);
                        attempts[attempt] = true;
                        _ = attempt.ContinueWith(t => attempts.TryRemove(t, out _), TaskScheduler.Default);
                    }
                }
                catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
                {
                    Log.StorageUnavailable(logger, function.Name, ex.Message);
                }
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
        }
        finally
        {
            // Stopping: let the attempts under way end (they see the cancellation) before the host goes.
            try { await Task.WhenAll(attempts.Keys); }
            catch (OperationCanceledException) { }
        }
    }

    private string PartitionKey => $"{function.Name}-{subscription.Container}";

    private static string ReceiptKey(BlobItem blob) => $"{Uri.EscapeDataString(blob.Name)}|{blob.Properties.ETag}";

    /// <summary>One delivery attempt: settled on an answer in time; otherwise the next attempt is scheduled or the event dead-lettered.</summary>
    private async Task AttemptAsync(PendingEvent pending, TableClient receipts, ConcurrentDictionary<string, bool> settled, CancellationToken cancellationToken)
    {
        try
        {
            pending.Attempts++;
            var invocation = invoker.InvokeAsync(function, HostPayloads.EventGridInvocation(function.Name, function.Trigger.Name, pending.Event, clock.GetUtcNow()), cancellationToken);
            var window = Task.Delay(options.EventGridResponseWindow, clock, cancellationToken);
            string failure;
            if (await Task.WhenAny(invocation, window) == invocation)
            {
                var outcome = await invocation;
                if (outcome.Succeeded)
                {
                    await SettleAsync(pending, receipts, settled, cancellationToken);
                    return;
                }
                // The extension answers Event Grid 500 for a failed function.
                failure = $"500 Internal Server Error: {outcome.Failure}";
            }
            else
            {
                // Event Grid stops waiting; the function goes on (and its outputs are still sent when it ends).
                failure = $"no answer within {options.EventGridResponseWindow.TotalSeconds:0.###} s";
                Log.EventTimedOut(logger, function.Name, pending.BlobName, pending.Attempts, options.EventGridResponseWindow.TotalSeconds);
                _ = invocation.ContinueWith(t => t.Exception, TaskScheduler.Default);
            }
            pending.LastFailure = failure;
            var now = clock.GetUtcNow();
            if (pending.Attempts >= options.EventGridMaxAttempts)
            {
                await DeadLetterAsync(pending, "MaxDeliveryAttemptsExceeded", receipts, settled, cancellationToken);
                return;
            }
            var delay = options.EventGridRetryDelays[Math.Min(pending.Attempts - 1, options.EventGridRetryDelays.Count - 1)];
            if (now + delay - pending.PublishedAt > options.EventGridTimeToLive)
            {
                await DeadLetterAsync(pending, "TimeToLiveExceeded", receipts, settled, cancellationToken);
                return;
            }
            pending.DueAt = now + delay;
        }
        catch (RequestFailedException ex)
        {
            Log.StorageUnavailable(logger, function.Name, ex.Message);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not settled: the next poll attempts it again.
            Log.DeliveryCrashed(logger, function.Name, pending.BlobName, ex);
        }
        finally
        {
            pending.Waiting = false;
        }
    }

    private async Task SettleAsync(PendingEvent pending, TableClient receipts, ConcurrentDictionary<string, bool> settled, CancellationToken cancellationToken)
    {
        await receipts.UpsertEntityAsync(new TableEntity(PartitionKey, pending.Key) { ["Blob"] = pending.BlobName, ["SettledAt"] = clock.GetUtcNow(), ["Attempts"] = pending.Attempts }, cancellationToken: cancellationToken);
        settled[pending.Key] = true;
        _pending.TryRemove(pending.Key, out _);
    }

    /// <summary>
    /// Event Grid's dead-letter form: a blob <c>{topic}/{subscription}/{yyyy}/{MM}/{dd}/{HH}/{id}.json</c> holding a JSON
    /// array of the event with <c>deadLetterReason</c>, <c>deliveryAttempts</c>, <c>lastDeliveryOutcome</c>,
    /// <c>publishTime</c> and <c>lastDeliveryAttemptTime</c> added.
    /// </summary>
    private async Task DeadLetterAsync(PendingEvent pending, string reason, TableClient receipts, ConcurrentDictionary<string, bool> settled, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var record = (JsonObject)pending.Event.DeepClone();
        record["deadLetterReason"] = reason;
        record["deliveryAttempts"] = pending.Attempts;
        record["lastDeliveryOutcome"] = pending.LastFailure;
        record["publishTime"] = pending.PublishedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        record["lastDeliveryAttemptTime"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var deadLetters = blobs.GetBlobContainerClient(DeadLetterContainer);
        await deadLetters.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var name = string.Create(CultureInfo.InvariantCulture, $"{subscription.Container.ToUpperInvariant()}/{function.Name.ToUpperInvariant()}/{now:yyyy/MM/dd/HH}/{pending.Event["id"]}.json");
        await deadLetters.GetBlobClient(name).UploadAsync(BinaryData.FromString(HostPayloads.Text(new JsonArray(record))), overwrite: true, cancellationToken);
        Log.EventDeadLettered(logger, function.Name, pending.BlobName, pending.Attempts, $"{reason}: {pending.LastFailure}");
        await SettleAsync(pending, receipts, settled, cancellationToken);
    }

    private static JsonObject NewEvent(BlobContainerClient container, BlobItem blob, DateTimeOffset now) => HostPayloads.BlobCreatedEvent(new BlobCreatedInfo
    {
        AccountName = container.AccountName,
        Container = container.Name,
        BlobName = blob.Name,
        Url = container.GetBlobClient(blob.Name).Uri.ToString(),
        ETag = blob.Properties.ETag?.ToString(),
        ContentType = blob.Properties.ContentType,
        ContentLength = blob.Properties.ContentLength ?? 0,
        EventTime = blob.Properties.LastModified ?? now,
        Sequencer = (blob.Properties.LastModified?.UtcTicks ?? 0).ToString("x32", CultureInfo.InvariantCulture),
    });

    /// <summary>An event not yet settled: its attempts so far and when the next is due.</summary>
    private sealed class PendingEvent(string key, string blobName, JsonObject gridEvent, DateTimeOffset publishedAt)
    {
        public string Key { get; } = key;
        public string BlobName { get; } = blobName;
        public JsonObject Event { get; } = gridEvent;
        public DateTimeOffset PublishedAt { get; } = publishedAt;
        public DateTimeOffset DueAt { get; set; } = publishedAt;
        public int Attempts { get; set; }
        public string? LastFailure { get; set; }
        public volatile bool Waiting;
    }
}

/// <summary>Event Grid's documented retry schedule (best effort): 10 s, 30 s, 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, then every 12 h.</summary>
public static class EventGridRetry
{
    public static readonly IReadOnlyList<TimeSpan> Schedule =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
    ];
}
