using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Sends one invocation to the handler as the host does (<c>POST /{FunctionName}</c> with
/// <c>Data</c> and <c>Metadata</c>), reads <c>Outputs</c>/<c>Logs</c>, writes the output bindings, and logs
/// every invocation with its duration and outcome.
/// </summary>
public sealed class FunctionInvoker(
    HandlerInstances instances,
    HostDefinition host,
    LocalHostOptions options,
    IHttpClientFactory httpClients,
    OutputBindings outputs,
    InvocationJournal journal,
    ILogger<FunctionInvoker> logger)
{
    /// <summary>
    /// Sends <paramref name="invocation"/> to one instance's handler, a whole body from one of <see cref="HostPayloads"/>' builders
    /// (<c>EventGridInvocation</c>, <c>ServiceBusInvocation</c>, <c>TimerInvocation</c>); under a retry policy the host's
    /// <c>SetRetryContext</c> adds <c>RetryContext</c> to its metadata.
    /// </summary>
    /// <param name="instance">The instance whose listener received it (a Service Bus message); null: the next in turn, as
    /// Azure's front end balances a webhook delivery or a timer's run.</param>
    public async Task<InvocationOutcome> InvokeAsync(FunctionDefinition function, JsonObject invocation, CancellationToken cancellationToken, RetryContext? retry = null, HandlerProcess? instance = null)
    {
        var handler = instance ?? instances.Next();
        await handler.Ready.WaitAsync(cancellationToken);
        handler.CountInvocation();
        var invocationId = Guid.NewGuid().ToString();
        if (retry is not null && invocation["Metadata"] is JsonObject metadata) metadata["RetryContext"] = retry.ToMetadata(function.Name);
        var body = invocation;
        var started = Stopwatch.GetTimestamp();
        InvocationOutcome outcome;
        // host.json functionTimeout: the host cancels the invocation and counts it failed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (host.FunctionTimeout is { } limit) timeout.CancelAfter(limit);
        try
        {
            if (options.BeforeInvoke is { } before && await before(new InvocationAttempt(function.Name, body, retry), timeout.Token) is { } injected)
            {
                throw new InjectedFailureException(injected);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(handler.BaseAddress, function.Name))
            {
                Content = JsonContent.Create(body),
            };
            request.Headers.Add("X-Azure-Functions-InvocationId", invocationId);
            request.Headers.Add("X-Azure-Functions-HostVersion", "4-local");
            using var response = await httpClients.CreateClient("handler").SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                outcome = Failed(function, invocationId, started, $"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}");
            }
            else
            {
                var result = JsonSerializer.Deserialize<InvocationResponse<JsonElement>>(text, JsonOptions);
                foreach (var line in result?.Logs ?? []) Log.FunctionLog(logger, function.Name, line);
                outcome = new InvocationOutcome(function.Name, invocationId, true, Stopwatch.GetElapsedTime(started), result?.Outputs, null);
                // Output bindings are written only for a successful invocation, as the host does.
                await outputs.WriteAsync(function, outcome, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            outcome = Failed(function, invocationId, started, $"Timeout value of {host.FunctionTimeout} was exceeded by function: Functions.{function.Name}");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OutputBindingException or InjectedFailureException && !cancellationToken.IsCancellationRequested)
        {
            outcome = Failed(function, invocationId, started, ex.Message);
        }

        journal.Record(outcome);
        if (outcome.Succeeded)
        {
            Log.InvocationSucceeded(logger, function.Name, invocationId, outcome.Duration.TotalMilliseconds);
        }
        else
        {
            Log.InvocationFailed(logger, function.Name, invocationId, outcome.Duration.TotalMilliseconds, outcome.Failure!);
        }
        return outcome;
    }

    private static InvocationOutcome Failed(FunctionDefinition function, string id, long started, string reason) =>
        new(function.Name, id, false, Stopwatch.GetElapsedTime(started), null, reason);

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    internal static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed class InjectedFailureException(string message) : Exception(message);
}

/// <summary>Which try of a function-level retry policy an invocation is (0 for the first), and why the previous one failed.</summary>
public sealed record RetryContext(int RetryCount, int MaxRetryCount, string? PreviousFailure = null)
{
    /// <summary>
    /// As the host's <c>SetRetryContext</c> adds it to <c>Metadata</c> (not script-encoded: numbers stay numbers). The
    /// exception is the host's serialisation of the <c>FunctionInvocationException</c> around the failed HTTP call; only
    /// its class names and messages are reproduced here.
    /// </summary>
    public JsonObject ToMetadata(string functionName) => new()
    {
        ["RetryCount"] = RetryCount,
        ["MaxRetryCount"] = MaxRetryCount,
        ["Exception"] = PreviousFailure is null ? null : new JsonObject
        {
            ["ClassName"] = "Microsoft.Azure.WebJobs.Host.FunctionInvocationException",
            ["Message"] = $"Exception while executing function: Functions.{functionName}",
            ["InnerException"] = new JsonObject { ["ClassName"] = "System.Net.Http.HttpRequestException", ["Message"] = PreviousFailure },
        },
        ["Instance"] = null,
        ["State"] = new JsonObject(),
    };
}

/// <summary>An invocation about to be sent: its body as the handler will get it, and its place in a retry policy.</summary>
public sealed record InvocationAttempt(string Function, JsonObject Body, RetryContext? Retry);
