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
        foreach (var value in outcome.OutputValues(binding.Name))
        {
            // A string output is the message body as is; anything else is sent as its JSON, as the host does.
            var body = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
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
}
