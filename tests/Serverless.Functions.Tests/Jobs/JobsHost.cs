using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Application.Ports;
using Serverless.CustomHandler;
using Serverless.Functions.Invocations;

namespace Serverless.Functions.Tests.Jobs;

/// <summary>
/// The job tests' steps: HR's re-score request and job reads over HTTP, and the storage queue trigger played as the
/// Functions host plays it (each <c>rescore-jobs</c> message posted to <c>/RescoreJobs</c> with its dequeue count; deleted
/// on success, visible again on failure, moved to <c>rescore-jobs-poison</c> at the max dequeue count).
/// </summary>
internal static class JobsHost
{
    public static QueueClient JobQueue(this HandlerHost host, string name = Storage.Queues.RescoreJobs) =>
        new(host.Options.Storage, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static async Task<HttpResponseMessage> RescoreAsync(this HttpClient client, string month, string reason, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/months/{month}/rescore") { Content = JsonContent.Create(new { reason }) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> JobAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/jobs/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/jobs/{id}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Status, days done/total, agent-days done/total of a job's answer.</summary>
    public static (string? Status, int DaysDone, int? DaysTotal, int AgentDaysDone, int? AgentDaysTotal) Progress(this JsonElement job)
    {
        var p = job.GetProperty("progress");
        static int? Total(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt32();
        return (job.GetProperty("status").GetString(), p.GetProperty("daysDone").GetInt32(), Total(p.GetProperty("daysTotal")),
            p.GetProperty("agentDaysDone").GetInt32(), Total(p.GetProperty("agentDaysTotal")));
    }

    /// <summary>The handler's answer to one delivery of a queue message: its status code and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> DeliverAsync(this HandlerHost host, string function, string body, long dequeueCount = 1, string? messageId = null)
    {
        var invocation = HostPayloads.QueueInvocation(function, "job", body, new QueueMessageInfo { DequeueCount = dequeueCount, Id = messageId ?? Guid.NewGuid().ToString() }, host.Now);
        using var response = await host.Client.PostAsync("/" + function, new StringContent(invocation.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Takes one message from the queue and delivers it; with <paramref name="settle"/> false the delivery "crashes" after
    /// the handler answered: the message is made visible again unsettled, as when the host died before deleting it.
    /// Returns the answer, or null when the queue was empty.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body, QueueMessage Message)?> DeliverNextAsync(this HandlerHost host, bool settle = true)
    {
        var queue = host.JobQueue();
        await queue.CreateIfNotExistsAsync();
        var received = (await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(10))).Value;
        if (received.Length == 0) return null;
        var message = received[0];
        var (status, body) = await host.DeliverAsync("RescoreJobs", message.Body.ToString(), message.DequeueCount, message.MessageId);
        if (!settle)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        else if (status == HttpStatusCode.OK)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        else if (message.DequeueCount >= RescoreJobsFunction.MaxDequeueCount)
        {
            var poison = host.JobQueue(Storage.Queues.RescoreJobsPoison);
            await poison.CreateIfNotExistsAsync();
            await poison.SendMessageAsync(message.Body);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
        else
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }
        return (status, body, message);
    }

    /// <summary>Delivers every message until the queue is empty; returns the answers in order.</summary>
    public static async Task<IReadOnlyList<(HttpStatusCode Status, string Body)>> RunJobsAsync(this HandlerHost host, int most = 200)
    {
        var answers = new List<(HttpStatusCode, string)>();
        while (answers.Count < most && await host.DeliverNextAsync() is { } delivered) answers.Add((delivered.Status, delivered.Body));
        Assert.True(answers.Count < most, $"The job queue was still not empty after {most} deliveries.");
        return answers;
    }
}

/// <summary>The real job queue, failing the sends it is told to fail (a queue service that is down for a moment).</summary>
internal sealed class FlakyJobQueue(IRescoreJobQueue inner) : IRescoreJobQueue
{
    private int _sends;

    /// <summary>Which sends fail, counting from 1; null fails every one.</summary>
    public HashSet<int>? Failing { get; init; } = [];

    public int Sends => _sends;

    public Task EnqueueAsync(string jobId, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _sends);
        if (Failing is null || Failing.Contains(n)) throw new Azure.RequestFailedException(503, $"queue service unavailable (send {n})");
        return inner.EnqueueAsync(jobId, cancellationToken);
    }
}
