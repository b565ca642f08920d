using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Event Grid for one BlobCreated subscription: watches the container and posts one
/// <c>Microsoft.Storage.BlobCreated</c> event per new blob (a blob overwritten with new content is new again,
/// as in Azure). A receipt per delivered event is kept in a table, so a restart does not re-post; an event that
/// keeps failing is retried, then dead-lettered to the <c>eventgrid-deadletter</c> container.
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
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var container = blobs.GetBlobContainerClient(subscription.Container);
        var receipts = tables.GetTableClient(ReceiptsTable);
        await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await receipts.CreateIfNotExistsAsync(stoppingToken);
        var delivered = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await foreach (var receipt in receipts.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionKey, cancellationToken: stoppingToken))
        {
            delivered[receipt.RowKey] = true;
        }
        Log.TriggerListening(logger, function.Name, "eventGridTrigger", subscription.Container);

        // Event Grid delivers each event on its own: a blob that lands while others are still being handled is posted
        // at the next poll, not after the slowest of them (a small file must not wait for a 100 MB one).
        var inFlight = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var pending = new List<BlobItem>();
                    await foreach (var blob in container.GetBlobsAsync(cancellationToken: stoppingToken))
                    {
                        var key = ReceiptKey(blob);
                        if (!delivered.ContainsKey(key) && !inFlight.ContainsKey(key) && !Waiting(key)) pending.Add(blob);
                    }
                    // Oldest first, as the events were raised; at most EventGridConcurrency at once.
                    foreach (var blob in pending.OrderBy(b => b.Properties.LastModified).ThenBy(b => b.Name, StringComparer.Ordinal))
                    {
                        if (inFlight.Count >= options.EventGridConcurrency) break;
                        var key = ReceiptKey(blob);
                        inFlight[key] = Task.Run(async () =>
                        {
                            try
                            {
                                if (await DeliverAsync(container, blob, stoppingToken))
                                {
                                    await receipts.UpsertEntityAsync(new TableEntity(PartitionKey, key) { ["Blob"] = blob.Name, ["DeliveredAt"] = clock.GetUtcNow() }, cancellationToken: stoppingToken);
                                    delivered[key] = true;
                                }
                            }
                            catch (RequestFailedException ex)
                            {
                                Log.StorageUnavailable(logger, function.Name, ex.Message);
                            }
                            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                            {
                                // Not settled: the next poll posts it again.
                                Log.DeliveryCrashed(logger, function.Name, blob.Name, ex);
                            }
                            finally
                            {
                                inFlight.TryRemove(key, out _);
                            }
                        }, CancellationToken.None);
                    }
                }
                catch (RequestFailedException ex)
                {
                    Log.StorageUnavailable(logger, function.Name, ex.Message);
                }
                await Task.Delay(options.PollInterval, stoppingToken);
            }
        }
        finally
        {
            // Stopping: let the deliveries under way end (they see the cancellation) before the host goes.
            try { await Task.WhenAll(inFlight.Values); }
            catch (OperationCanceledException) { }
        }
    }

    private string PartitionKey => $"{function.Name}-{subscription.Container}";

    private static string ReceiptKey(BlobItem blob) => $"{Uri.EscapeDataString(blob.Name)}|{blob.Properties.ETag}";

    private bool Waiting(string key) => _notBefore.TryGetValue(key, out var at) && clock.GetUtcNow() < at;

    /// <summary>Posts the event; true once it is settled (delivered, or dead-lettered after its attempts).</summary>
    private async Task<bool> DeliverAsync(BlobContainerClient container, BlobItem blob, CancellationToken cancellationToken)
    {
        var key = ReceiptKey(blob);
        var gridEvent = BlobCreatedEvent(container, blob);
        var data = new JsonObject { [function.Trigger.Name] = JsonSerializer.SerializeToNode(gridEvent) };
        var outcome = await invoker.InvokeAsync(function, data, new JsonObject(), cancellationToken);
        if (outcome.Succeeded)
        {
            _attempts.TryRemove(key, out _);
            _notBefore.TryRemove(key, out _);
            return true;
        }
        var attempts = _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (attempts < options.EventGridMaxAttempts)
        {
            // Event Grid retries with growing delays.
            _notBefore[key] = clock.GetUtcNow() + options.RedeliveryDelay * Math.Pow(2, attempts - 1);
            return false;
        }
        var deadLetters = blobs.GetBlobContainerClient(DeadLetterContainer);
        await deadLetters.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var record = new { deadLetterReason = "MaxDeliveryAttemptsExceeded", deliveryAttempts = attempts, lastDeliveryOutcome = outcome.Failure, @event = gridEvent };
        await deadLetters.UploadBlobAsync($"{function.Name}/{gridEvent.Id}.json", BinaryData.FromObjectAsJson(record), cancellationToken);
        Log.EventDeadLettered(logger, function.Name, blob.Name, attempts, outcome.Failure ?? "");
        _attempts.TryRemove(key, out _);
        _notBefore.TryRemove(key, out _);
        return true;
    }

    private static EventGridEvent BlobCreatedEvent(BlobContainerClient container, BlobItem blob) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Topic = $"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/{container.AccountName}",
        Subject = $"/blobServices/default/containers/{container.Name}/blobs/{blob.Name}",
        EventType = EventGridEvent.BlobCreatedType,
        EventTime = blob.Properties.LastModified ?? DateTimeOffset.UtcNow,
        DataVersion = "",
        MetadataVersion = "1",
        Data = new BlobCreatedEventData
        {
            Api = "PutBlob",
            ETag = blob.Properties.ETag?.ToString(),
            ContentType = blob.Properties.ContentType,
            ContentLength = blob.Properties.ContentLength ?? 0,
            BlobType = "BlockBlob",
            Url = container.GetBlobClient(blob.Name).Uri.ToString(),
            Sequencer = blob.Properties.LastModified?.UtcTicks.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        },
    };
}
