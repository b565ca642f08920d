using System.Text;
using System.Text.Json;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>Writes a successful invocation's <c>Outputs</c> to the bindings its function.json declares.</summary>
public sealed class OutputBindings(ServiceBusQueues serviceBus, ILogger<OutputBindings> logger)
{
    public async Task WriteAsync(FunctionDefinition function, InvocationOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var binding in function.Outputs)
        {
            switch (binding.Type)
            {
                case "serviceBus":
                    await SendAsync(binding, outcome, cancellationToken);
                    break;
                case "http":
                    break; // proxied HTTP: the handler answered the caller directly
                default:
                    Log.UnsupportedBinding(logger, function.Name, binding.Type);
                    break;
            }
        }
    }

    private async Task SendAsync(BindingDefinition binding, InvocationOutcome outcome, CancellationToken cancellationToken)
    {
        var queueName = binding.QueueName ?? throw new OutputBindingException($"Binding {binding.Name} has no queueName.");
        var queue = await serviceBus.GetAsync(queueName, cancellationToken);
        var sent = 0;
        foreach (var body in MessageBodies(outcome.OutputValue(binding.Name)))
        {
            var bytes = Encoding.UTF8.GetByteCount(body);
            if (bytes * 4 / 3 > ServiceBusQueues.MaxMessageBytes)
            {
                throw new OutputBindingException($"A message for {queueName} is {bytes} bytes; the local queue holds at most {ServiceBusQueues.MaxMessageBytes * 3 / 4} (Service Bus standard: 256 KB). Send smaller batches.");
            }
            await queue.SendMessageAsync(body, cancellationToken);
            sent++;
        }
        Log.MessagesSent(logger, sent, queueName, outcome.InvocationId);
    }

    /// <summary>
    /// The messages one output value becomes, as the host binds a script output to <c>IAsyncCollector&lt;string&gt;</c>
    /// (<c>HttpScriptInvocationResultExtensions.GetBindingValue</c>, then <c>FunctionBinding.ReadAsEnumerable</c> and
    /// <c>BindAsyncCollectorAsync&lt;string&gt;</c>): an array is one message per element; a string holding JSON is parsed
    /// (a JSON array again one message per element); an object or parsed JSON is sent as indented JSON; a string element
    /// as it is. A lone string that happens to be valid base64 is first turned into bytes by the host and arrives as the
    /// text <c>System.Byte[]</c>: reproduced, so a handler that sends one is caught here.
    /// </summary>
    public static IEnumerable<string> MessageBodies(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null) yield break;
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) yield return Body(item);
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (IsBase64(text))
                {
                    yield return "System.Byte[]";
                }
                else if (TryParseJson(text) is { } parsed)
                {
                    if (parsed.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in parsed.EnumerateArray()) yield return Body(item);
                    }
                    else
                    {
                        yield return Body(parsed);
                    }
                }
                else
                {
                    yield return text;
                }
                break;
            default:
                yield return Body(element);
                break;
        }
    }

    // JToken.ToString(): a string value as its text, anything else as indented JSON.
    private static string Body(JsonElement item) =>
        item.ValueKind == JsonValueKind.String ? item.GetString()! : JsonSerializer.Serialize(item, Indented);

    private static bool IsBase64(string text) => text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static JsonElement? TryParseJson(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '[')) return null;
        try { return JsonDocument.Parse(trimmed).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
