using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Serves one <c>serviceBusTrigger</c> function from its storage queue with Service Bus's peek-lock semantics:
/// <list type="bullet">
/// <item>a received message is locked (invisible) for the queue's lock duration, and the lock is renewed while the
/// function runs, up to host.json's <c>maxAutoLockRenewalDuration</c> (as the extension's processor does); a lock that
/// lapses makes the message deliverable again while the first invocation may still run, and that invocation's
/// complete then fails (<c>MessageLockLost</c>);</item>
/// <item>success completes (deletes) the message; a failure abandons it, deliverable again at once;</item>
/// <item>a message whose delivery count reaches the queue's max delivery count is moved to the dead-letter queue with
/// the reason;</item>
/// <item>at most host.json's <c>maxConcurrentCalls</c> invocations at once per instance of the app, each instance
/// receiving on its own (<see cref="HandlerInstances"/>).</item>
/// </list>
/// </summary>
public sealed class ServiceBusTrigger(
    FunctionDefinition function,
    ServiceBusSettings settings,
    LocalHostOptions options,
    ServiceBusQueues queues,
    FunctionInvoker invoker,
    HandlerInstances instances,
    TimeProvider clock,
    ILogger<ServiceBusTrigger> logger) : BackgroundService
{
    private const int MaxBatch = 32;

    /// <summary>Service Bus queues are provisioned before the app runs: the queue and its dead-letter queue exist once the host has started.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await queues.GetAsync(QueueName, cancellationToken);
        await queues.GetAsync(ServiceBusQueues.DeadLetterName(QueueName), cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    private string QueueName => function.Trigger.QueueName ?? throw new InvalidOperationException($"{function.Name}: serviceBusTrigger needs a queueName.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await queues.GetAsync(QueueName, stoppingToken);
        var deadLetter = await queues.GetAsync(ServiceBusQueues.DeadLetterName(QueueName), stoppingToken);
        Log.TriggerListening(logger, function.Name, "serviceBusTrigger", $"{QueueName} (lock {settings.LockDuration}, renewed up to {settings.MaxAutoLockRenewalDuration}, {settings.MaxConcurrentCalls} at once{(instances.All.Count > 1 ? $" on each of {instances.All.Count} instances" : "")})");
        // Each instance of the app has its own listener on the queue, as each scaled-out host runs its own processor.
        await Task.WhenAll(instances.All.Select(instance => ReceiveAsync(queue, deadLetter, instance, stoppingToken)));
    }

    private async Task ReceiveAsync(QueueClient queue, QueueClient deadLetter, HandlerProcess instance, CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(settings.MaxConcurrentCalls);

        while (!stoppingToken.IsCancellationRequested)
        {
            // Receive only what free slots can take: a received message's lock runs from receipt.
            await slots.WaitAsync(stoppingToken);
            QueueMessage[] messages;
            try
            {
                var free = Math.Min(MaxBatch, slots.CurrentCount + 1);
                messages = (await queue.ReceiveMessagesAsync(free, settings.LockDuration, stoppingToken)).Value;
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
            {
                slots.Release();
                Log.StorageUnavailable(logger, function.Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
                continue;
            }
            if (messages.Length == 0)
            {
                slots.Release();
                await Task.Delay(options.PollInterval, clock, stoppingToken);
                continue;
            }
            for (var i = 0; i < messages.Length; i++)
            {
                if (i > 0) await slots.WaitAsync(stoppingToken);
                var message = messages[i];
                _ = Task.Run(async () =>
                {
                    try { await DeliverAsync(queue, deadLetter, message, instance, stoppingToken); }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
                    catch (Exception ex) { Log.DeliveryCrashed(logger, function.Name, message.MessageId, ex); }
                    finally { slots.Release(); }
                }, CancellationToken.None);
            }
        }
    }

    private async Task DeliverAsync(QueueClient queue, QueueClient deadLetter, QueueMessage message, HandlerProcess instance, CancellationToken cancellationToken)
    {
        var deliveryCount = (int)message.DequeueCount;
        var body = message.Body.ToString();
        var lease = new MessageLease(message.MessageId, message.PopReceipt);
        if (deliveryCount > settings.MaxDeliveryCount)
        {
            // Delivered before and never settled (the host stopped mid-invocation, or the lock lapsed): Service Bus dead-letters it on receipt.
            await DeadLetterAsync(queue, deadLetter, message, lease, body, "MaxDeliveryCountExceeded", "The message was not settled within its max delivery count.", cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        var invocation = HostPayloads.ServiceBusInvocation(function.Name, function.Trigger.Name, body, new ServiceBusMessageInfo
        {
            DeliveryCount = deliveryCount,
            MessageId = message.MessageId,
            LockToken = lease.PopReceipt,
            EnqueuedTime = message.InsertedOn ?? now,
            ExpiresAt = message.ExpiresOn ?? DateTimeOffset.MaxValue,
        }, now);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewLockAsync(queue, lease, renewing.Token);
        InvocationOutcome outcome;
        try
        {
            outcome = await invoker.InvokeAsync(function, invocation, cancellationToken, instance: instance);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        if (lease.Lost)
        {
            // The message is someone else's now (delivered again): completing or abandoning it fails, as in Service Bus.
            Log.LockLost(logger, function.Name, message.MessageId, outcome.Succeeded ? "completed" : "abandoned");
            return;
        }
        try
        {
            if (outcome.Succeeded)
            {
                await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, cancellationToken);
            }
            else if (deliveryCount >= settings.MaxDeliveryCount)
            {
                await DeadLetterAsync(queue, deadLetter, message, lease, body, "MaxDeliveryCountExceeded", outcome.Failure, cancellationToken);
            }
            else
            {
                // Abandon: deliverable again at once.
                await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            // The pop receipt is stale: the lock lapsed between the invocation's end and its settlement.
            Log.LockLost(logger, function.Name, message.MessageId, outcome.Succeeded ? "completed" : "abandoned");
        }
    }

    /// <summary>
    /// Renews the lock shortly before it lapses while the invocation runs, up to <c>maxAutoLockRenewalDuration</c> from
    /// receipt; after that the lock is left to lapse, as the extension's processor leaves it.
    /// </summary>
    private async Task RenewLockAsync(QueueClient queue, MessageLease lease, CancellationToken cancellationToken)
    {
        var received = clock.GetTimestamp();
        var lockedUntil = settings.LockDuration;
        try
        {
            while (true)
            {
                // Renew at 80 % of the lock, at most 10 s before it ends (the Service Bus processor renews "shortly before").
                var renewAt = lockedUntil - TimeSpan.FromTicks(Math.Min(settings.LockDuration.Ticks / 5, TimeSpan.FromSeconds(10).Ticks));
                var wait = renewAt - clock.GetElapsedTime(received);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
                if (clock.GetElapsedTime(received) >= settings.MaxAutoLockRenewalDuration)
                {
                    // Renewal time is used up: the lock lapses at lockedUntil and the message is delivered again.
                    var lapse = lockedUntil - clock.GetElapsedTime(received);
                    if (lapse > TimeSpan.Zero) await Task.Delay(lapse, clock, cancellationToken);
                    lease.Lost = true;
                    Log.LockLapsed(logger, function.Name, lease.MessageId, settings.MaxAutoLockRenewalDuration);
                    return;
                }
                // Not cancelled half-way: a renewal that went through changes the pop receipt the settlement needs.
                var renewed = await queue.UpdateMessageAsync(lease.MessageId, lease.PopReceipt, visibilityTimeout: settings.LockDuration, cancellationToken: CancellationToken.None);
                lease.PopReceipt = renewed.Value.PopReceipt;
                lockedUntil = clock.GetElapsedTime(received) + settings.LockDuration;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The invocation ended: nothing more to renew.
        }
        catch (RequestFailedException ex)
        {
            lease.Lost = ex.Status is 400 or 404;
            Log.StorageUnavailable(logger, function.Name, $"renewing the lock of {lease.MessageId}: {ex.Message}");
        }
    }

    private async Task DeadLetterAsync(QueueClient queue, QueueClient deadLetter, QueueMessage message, MessageLease lease, string body, string reason, string? description, CancellationToken cancellationToken)
    {
        var envelope = new DeadLetteredMessage(
            message.MessageId, body, (int)message.DequeueCount, reason, description,
            message.InsertedOn, clock.GetUtcNow());
        await deadLetter.SendMessageAsync(JsonSerializer.Serialize(envelope), cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, cancellationToken);
        Log.DeadLettered(logger, function.Name, message.MessageId, (int)message.DequeueCount, description ?? reason);
    }

    /// <summary>A received message's lock: the pop receipt changes with each renewal.</summary>
    private sealed class MessageLease(string messageId, string popReceipt)
    {
        public string MessageId { get; } = messageId;
        public volatile string PopReceipt = popReceipt;
        public volatile bool Lost;
    }
}

/// <summary>
/// The Service Bus settings one trigger runs with: the queue's own properties (as <c>infra/</c> provisions them) and
/// host.json's <c>extensions.serviceBus</c>.
/// </summary>
public sealed record ServiceBusSettings
{
    /// <summary>Queue property <c>lockDuration</c> (Service Bus default 1 minute).</summary>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Queue property <c>maxDeliveryCount</c> (default 10).</summary>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>host.json <c>maxConcurrentCalls</c> (the extension's default: 16 per core).</summary>
    public int MaxConcurrentCalls { get; init; } = 16 * Environment.ProcessorCount;

    /// <summary>host.json <c>maxAutoLockRenewalDuration</c> (the extension's default: 5 minutes).</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// A dead-lettered message: a storage queue message has no application properties, so the Service Bus
/// properties <c>DeadLetterReason</c> and <c>DeadLetterErrorDescription</c> travel in this envelope.
/// </summary>
public sealed record DeadLetteredMessage(
    string MessageId,
    string Body,
    int DeliveryCount,
    string DeadLetterReason,
    string? DeadLetterErrorDescription,
    DateTimeOffset? EnqueuedTime,
    DateTimeOffset DeadLetteredAt);
