using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Serverless.Application.Ports;

namespace Serverless.Storage;

/// <summary>
/// The <c>rescore-jobs</c> storage queue of <c>AzureWebJobsStorage</c>, which the <c>RescoreJobs</c> function's
/// <c>queueTrigger</c> takes. Messages are base64, the Functions queue extension's default <c>messageEncoding</c>
/// (host.json <c>extensions.queues.messageEncoding</c>), and the job's id is wrapped (<c>{"job": {"id": …}}</c>): the
/// host copies a JSON message's top-level fields into the invocation's metadata, where a bare <c>id</c> would stand
/// beside the message's own <c>Id</c>. The queue is created on first use (and by <c>infra/</c>).
/// </summary>
public sealed class RescoreJobQueue : IRescoreJobQueue
{
    private readonly QueueClient _queue;
    private readonly Lazy<Task> _created;

    public RescoreJobQueue(QueueServiceClient queues)
    {
        ArgumentNullException.ThrowIfNull(queues);
        _queue = queues.GetQueueClient(Queues.RescoreJobs);
        _created = new Lazy<Task>(() => _queue.CreateIfNotExistsAsync());
    }

    public async Task EnqueueAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        await _created.Value.WaitAsync(cancellationToken);
        await _queue.SendMessageAsync(Message(jobId), cancellationToken);
    }

    /// <summary>The message text for a job: <c>{"job":{"id":"…"}}</c>.</summary>
    public static string Message(string jobId) => JsonSerializer.Serialize(new { job = new { id = jobId } });

    /// <summary>
    /// The queue service of the <c>AzureWebJobsStorage</c> connection, in the forms the Functions runtime reads: a
    /// connection string, <c>__queueServiceUri</c>, or <c>__accountName</c> (with <c>__endpointSuffix</c>), signing in as
    /// <see cref="StorageCredential"/> says.
    /// </summary>
    public static QueueServiceClient ServiceFromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var section = configuration.GetSection(StorageConnection.Name);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new QueueServiceClient(section.Value, options);
        Uri? uri = null;
        if (section["queueServiceUri"] is { Length: > 0 } text)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out uri) || uri.Scheme is not ("https" or "http"))
            {
                throw new StorageConfigurationException($"{StorageConnection.Name}__queueServiceUri must be an absolute https URI, got '{text}'.");
            }
        }
        else if (section["accountName"] is { Length: > 0 } account)
        {
            var suffix = section["endpointSuffix"] is { Length: > 0 } s ? s.Trim().TrimStart('.') : StorageConnection.PublicCloudSuffix;
            uri = new Uri($"https://{account.Trim()}.queue.{suffix}");
        }
        if (uri is null)
        {
            throw new StorageConfigurationException(
                $"Re-score jobs need the storage queue service: set {StorageConnection.Name} (a connection string), " +
                $"{StorageConnection.Name}__queueServiceUri or {StorageConnection.Name}__accountName.");
        }
        return new QueueServiceClient(uri, StorageCredential.FromSection(section).Create(), options);
    }
}
