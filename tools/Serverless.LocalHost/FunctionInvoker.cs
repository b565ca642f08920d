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
    HandlerProcess handler,
    IHttpClientFactory httpClients,
    OutputBindings outputs,
    InvocationJournal journal,
    TimeProvider clock,
    ILogger<FunctionInvoker> logger)
{
    public async Task<InvocationOutcome> InvokeAsync(FunctionDefinition function, JsonObject data, JsonObject metadata, CancellationToken cancellationToken)
    {
        await handler.Ready.WaitAsync(cancellationToken);
        var invocationId = Guid.NewGuid().ToString();
        metadata["sys"] = new JsonObject
        {
            ["MethodName"] = function.Name,
            ["UtcNow"] = clock.GetUtcNow().ToString("O"),
            ["RandGuid"] = Guid.NewGuid().ToString(),
        };
        var body = new JsonObject { ["Data"] = data, ["Metadata"] = metadata };
        var started = Stopwatch.GetTimestamp();
        InvocationOutcome outcome;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(handler.BaseAddress, function.Name))
            {
                Content = JsonContent.Create(body),
            };
            request.Headers.Add("X-Azure-Functions-InvocationId", invocationId);
            request.Headers.Add("X-Azure-Functions-HostVersion", "4-local");
            using var response = await httpClients.CreateClient("handler").SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
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
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or OutputBindingException && !cancellationToken.IsCancellationRequested)
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
}
