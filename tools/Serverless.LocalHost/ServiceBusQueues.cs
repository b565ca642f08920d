using System.Collections.Concurrent;
using Azure.Storage.Queues;

namespace Serverless.LocalHost;

/// <summary>
/// Azurite has no Service Bus: each Service Bus queue is an Azurite storage queue of the same name, and its
/// dead-letter queue (<c>{name}/$deadletterqueue</c> in Service Bus) is the storage queue <c>{name}-deadletter</c>.
/// </summary>
public sealed class ServiceBusQueues(QueueServiceClient queues)
{
    public const int MaxMessageBytes = 64 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> _clients = new();

    public static string DeadLetterName(string queueName) => $"{queueName}-deadletter";

    public Task<QueueClient> GetAsync(string queueName, CancellationToken cancellationToken) =>
        _clients.GetOrAdd(queueName, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var client = queues.GetQueueClient(name);
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return client;
        })).Value;
}
