using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Serves one <c>serviceBusTrigger</c> function from its storage queue with Service Bus's semantics:
/// a received message is locked (invisible) while the function runs, completed (deleted) on success,
/// abandoned (visible again) on failure, and moved to the dead-letter queue with the failure reason once
/// its delivery count reaches the max delivery count.
/// </summary>
public sealed class ServiceBusTrigger(
    FunctionDefinition function,
    int maxConcurrentCalls,
    LocalHostOptions options,
    ServiceBusQueues queues,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<ServiceBusTrigger> logger) : BackgroundService
{
    private const int MaxBatch = 32;

    /// <summary>Service Bus queues are provisioned before the app runs: the queue and its dead-letter queue exist once the host has started.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var queueName = function.Trigger.QueueName ?? throw new InvalidOperationException($"{function.Name}: serviceBusTrigger needs a queueName.");
        await queues.GetAsync(queueName, cancellationToken);
        await queues.GetAsync(ServiceBusQueues.DeadLetterName(queueName), cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var binding = function.Trigger;
        var queueName = binding.QueueName ?? throw new InvalidOperationException($"{function.Name}: serviceBusTrigger needs a queueName.");
        var queue = await queues.GetAsync(queueName, stoppingToken);
        var deadLetter = await queues.GetAsync(ServiceBusQueues.DeadLetterName(queueName), stoppingToken);
        using var slots = new SemaphoreSlim(maxConcurrentCalls);
        Log.TriggerListening(logger, function.Name, "serviceBusTrigger", queueName);

        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                var free = Math.Max(1, Math.Min(MaxBatch, slots.CurrentCount));
                messages = (await queue.ReceiveMessagesAsync(free, options.LockDuration, stoppingToken)).Value;
            }
            catch (RequestFailedException ex)
            {
                Log.StorageUnavailable(logger, function.Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }
            if (messages.Length == 0)
            {
                await Task.Delay(options.PollInterval, stoppingToken);
                continue;
            }
            foreach (var message in messages)
            {
                await slots.WaitAsync(stoppingToken);
                _ = Task.Run(async () =>
                {
                    try { await DeliverAsync(binding, queue, deadLetter, message, stoppingToken); }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
                    catch (Exception ex) { Log.DeliveryCrashed(logger, function.Name, message.MessageId, ex); }
                    finally { slots.Release(); }
                }, CancellationToken.None);
            }
        }
    }

    private async Task DeliverAsync(BindingDefinition binding, QueueClient queue, QueueClient deadLetter, QueueMessage message, CancellationToken cancellationToken)
    {
        var deliveryCount = (int)message.DequeueCount;
        var body = message.Body.ToString();
        if (deliveryCount > options.MaxDeliveryCount)
        {
            // Delivered before and never settled (the host stopped mid-invocation): Service Bus dead-letters it on receipt.
            await DeadLetterAsync(queue, deadLetter, message, body, "MaxDeliveryCountExceeded", "The message was not settled within its delivery count.", cancellationToken);
            return;
        }

        // The host serialises a string trigger value once more; the handler must accept exactly that.
        var data = new JsonObject { [binding.Name] = JsonSerializer.Serialize(body) };
        var metadata = new JsonObject
        {
            ["DeliveryCount"] = deliveryCount,
            ["MessageId"] = message.MessageId,
            ["EnqueuedTimeUtc"] = message.InsertedOn?.UtcDateTime.ToString("O"),
            ["ExpiresAtUtc"] = message.ExpiresOn?.UtcDateTime.ToString("O"),
        };
        var outcome = await invoker.InvokeAsync(function, data, metadata, cancellationToken);
        if (outcome.Succeeded)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        else if (deliveryCount >= options.MaxDeliveryCount)
        {
            await DeadLetterAsync(queue, deadLetter, message, body, "MaxDeliveryCountExceeded", outcome.Failure, cancellationToken);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.RedeliveryDelay, cancellationToken: cancellationToken);
        }
    }

    private async Task DeadLetterAsync(QueueClient queue, QueueClient deadLetter, QueueMessage message, string body, string reason, string? description, CancellationToken cancellationToken)
    {
        var envelope = new DeadLetteredMessage(
            message.MessageId, body, (int)message.DequeueCount, reason, description,
            message.InsertedOn, clock.GetUtcNow());
        await deadLetter.SendMessageAsync(JsonSerializer.Serialize(envelope), cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        Log.DeadLettered(logger, function.Name, message.MessageId, (int)message.DequeueCount, description ?? reason);
    }
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
