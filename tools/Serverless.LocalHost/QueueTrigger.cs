using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Serves one <c>queueTrigger</c> function from its Azure Storage queue (on Azurite) as the storage queue extension's
/// listener does (<c>QueueListener</c>, <c>QueueProcessor</c> in <c>Microsoft.Azure.WebJobs.Extensions.Storage.Queues</c>):
/// <list type="bullet">
/// <item>messages are received <c>batchSize</c> at a time, invisible for 10 minutes, and another batch is fetched once no
/// more than <c>newBatchThreshold</c> are being processed; while a function runs its message's visibility is renewed
/// halfway through (every 5 minutes);</item>
/// <item>an empty queue (or a missing one) is polled again after a backoff that doubles from 100 ms up to
/// <c>maxPollingInterval</c>, and starts again from 100 ms once a message is found;</item>
/// <item>success deletes the message; a failure makes it visible again after <c>visibilityTimeout</c>, and once its
/// dequeue count reaches <c>maxDequeueCount</c> it is copied to <c>{queue}-poison</c> (created when missing) and
/// deleted; a message dequeued more often than that (its function never finished) goes there without an invocation.
/// A queue whose name ends in <c>-poison</c> has no poison queue: a failed message stays invisible;</item>
/// <item>the message is decoded with host.json's <c>messageEncoding</c> (default base64).</item>
/// </list>
/// </summary>
public sealed class QueueTrigger(
    FunctionDefinition function,
    QueueTriggerSettings settings,
    LocalHostOptions options,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<QueueTrigger> logger) : BackgroundService
{
    /// <summary>The listener's own visibility for a received message (<c>QueueListener._visibilityTimeout</c>).</summary>
    public static readonly TimeSpan ReceiveVisibility = TimeSpan.FromMinutes(10);

    /// <summary>The shortest poll backoff (<c>QueuePollingIntervals.Minimum</c>).</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    public const string PoisonSuffix = "-poison";

    private string QueueName => function.Trigger.QueueName ?? throw new InvalidOperationException($"{function.Name}: queueTrigger needs a queueName.");

    /// <summary>The queue's poison queue, or null for a queue that is one already (<c>QueueListenerFactory.CreatePoisonQueueReference</c>).</summary>
    public static string? PoisonQueueName(string queueName) =>
        queueName.EndsWith(PoisonSuffix, StringComparison.OrdinalIgnoreCase) || queueName.Length + PoisonSuffix.Length > 63 ? null : queueName + PoisonSuffix;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var service = new QueueServiceClient(options.StorageConnectionString, new QueueClientOptions { MessageEncoding = settings.MessageEncoding });
        var queue = service.GetQueueClient(QueueName);
        var poison = PoisonQueueName(QueueName) is { } name ? service.GetQueueClient(name) : null;
        var processing = new List<Task>();
        var delay = MinimumPollingInterval;
        var queueExists = false;
        Log.TriggerListening(logger, function.Name, "queueTrigger",
            $"{QueueName} (batch {settings.BatchSize}, new batch at {settings.NewBatchThreshold}, max dequeue {settings.MaxDequeueCount}, retry after {settings.VisibilityTimeout}, polling up to {settings.MaxPollingInterval})");

        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] batch = [];
            try
            {
                // As the listener: check the queue exists before receiving, until it does.
                if (!queueExists) queueExists = await queue.ExistsAsync(stoppingToken);
                if (queueExists) batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, ReceiveVisibility, stoppingToken)).Value;
            }
            catch (RequestFailedException ex)
            {
                queueExists = false;
                Log.StorageUnavailable(logger, function.Name, ex.Message);
            }

            if (batch.Length == 0)
            {
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }
            delay = MinimumPollingInterval;
            foreach (var message in batch)
            {
                processing.Add(Task.Run(async () =>
                {
                    try { await ProcessAsync(queue, poison, message, stoppingToken); }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
                    catch (Exception ex) { Log.DeliveryCrashed(logger, function.Name, message.MessageId, ex); }
                }, CancellationToken.None));
            }
            // QueueListener.WaitForNewBatchThreshold: the next batch once no more than newBatchThreshold are running.
            processing.RemoveAll(t => t.IsCompleted);
            while (processing.Count > settings.NewBatchThreshold)
            {
                processing.Remove(await Task.WhenAny(processing).WaitAsync(stoppingToken));
            }
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient? poison, QueueMessage message, CancellationToken cancellationToken)
    {
        var lease = new Lease(message.MessageId, message.PopReceipt);
        if (message.DequeueCount > settings.MaxDequeueCount)
        {
            // QueueProcessor.BeginProcessingMessageAsync: dequeued more often than allowed (its function never finished).
            if (poison is not null) await MoveToPoisonAsync(queue, poison, message, lease, cancellationToken);
            return;
        }
        var body = message.Body.ToString();
        var now = clock.GetUtcNow();
        var invocation = HostPayloads.QueueInvocation(function.Name, function.Trigger.Name, body, new QueueMessageInfo
        {
            DequeueCount = message.DequeueCount,
            Id = message.MessageId,
            PopReceipt = message.PopReceipt,
            InsertionTime = message.InsertedOn,
            ExpirationTime = message.ExpiresOn ?? DateTimeOffset.MaxValue,
            NextVisibleTime = message.NextVisibleOn ?? DateTimeOffset.MaxValue,
        }, now);

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewVisibilityAsync(queue, lease, renewing.Token);
        InvocationOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(function, invocation, cancellationToken);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        try
        {
            if (outcome.Succeeded)
            {
                await queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, CancellationToken.None);
            }
            else if (poison is null)
            {
                // No poison queue: left invisible, so a failing message does not loop fast (QueueProcessor).
            }
            else if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, lease, CancellationToken.None);
            }
            else
            {
                await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // The pop receipt no longer matches (someone else has the message) or it is gone: nothing to settle, as in QueueProcessor.
        }
    }

    /// <summary><c>QueueProcessor.CopyMessageToPoisonQueueAsync</c>: the body as it was, to <c>{queue}-poison</c>, then deleted here.</summary>
    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, Lease lease, CancellationToken cancellationToken)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        Log.MovedToPoison(logger, function.Name, message.MessageId, settings.MaxDequeueCount, poison.Name);
        await queue.DeleteMessageAsync(lease.MessageId, lease.PopReceipt, cancellationToken);
    }

    /// <summary>
    /// <c>UpdateQueueMessageVisibilityCommand</c>: halfway to the visibility's end, the message is made invisible for the
    /// whole visibility again, for as long as the function runs.
    /// </summary>
    private async Task RenewVisibilityAsync(QueueClient queue, Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ReceiveVisibility / 2, clock, cancellationToken);
                var receipt = await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: ReceiveVisibility, cancellationToken: CancellationToken.None);
                lease.PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (RequestFailedException ex)
        {
            Log.StorageUnavailable(logger, function.Name, $"renewing the visibility of {lease.MessageId}: {ex.Message}");
        }
    }

    private sealed class Lease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;
        public volatile string PopReceipt = popReceipt;
    }
}

/// <summary>host.json <c>extensions.queues</c> as the storage queue extension reads it, with its defaults (<c>QueuesOptions</c>).</summary>
public sealed record QueueTriggerSettings
{
    public int BatchSize { get; init; } = 16;

    /// <summary>Default <c>batchSize / 2 × processor count</c>.</summary>
    public int NewBatchThreshold { get; init; } = 16 / 2 * Environment.ProcessorCount;

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message stays invisible before it is delivered again (default 0).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;

    public static QueueTriggerSettings From(QueuesExtensionSection? section)
    {
        var defaults = new QueueTriggerSettings();
        if (section is null) return defaults;
        var batch = section.BatchSize ?? defaults.BatchSize;
        if (batch is < 1 or > 32) throw new InvalidOperationException($"host.json extensions.queues.batchSize is {batch}; it is 1 to 32.");
        var poll = section.MaxPollingInterval ?? defaults.MaxPollingInterval;
        if (poll < QueueTrigger.MinimumPollingInterval) throw new InvalidOperationException($"host.json extensions.queues.maxPollingInterval must not be less than {QueueTrigger.MinimumPollingInterval}.");
        var encoding = section.MessageEncoding switch
        {
            null => defaults.MessageEncoding,
            var e when e.Equals("base64", StringComparison.OrdinalIgnoreCase) => QueueMessageEncoding.Base64,
            var e when e.Equals("none", StringComparison.OrdinalIgnoreCase) => QueueMessageEncoding.None,
            var e => throw new InvalidOperationException($"host.json extensions.queues.messageEncoding is '{e}'; it is base64 or none."),
        };
        return new QueueTriggerSettings
        {
            BatchSize = batch,
            NewBatchThreshold = section.NewBatchThreshold ?? batch / 2 * Environment.ProcessorCount,
            MaxDequeueCount = section.MaxDequeueCount is { } max and >= 1 ? max : section.MaxDequeueCount is null ? defaults.MaxDequeueCount
                : throw new InvalidOperationException("host.json extensions.queues.maxDequeueCount must not be less than 1."),
            VisibilityTimeout = section.VisibilityTimeout ?? defaults.VisibilityTimeout,
            MaxPollingInterval = poll,
            MessageEncoding = encoding,
        };
    }
}
