using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// Every invocation body the local host sends, in order, with a test's own say over each attempt before it goes out
/// (delay it, or fail it with a reason): the fault points the delivery tests need.
/// </summary>
public sealed class InvocationCapture
{
    private readonly ConcurrentQueue<InvocationAttempt> _attempts = new();

    /// <summary>Decides each attempt: null sends it on; a reason fails it. Delays happen inside.</summary>
    public Func<InvocationAttempt, CancellationToken, Task<string?>> Policy { get; set; } = (_, _) => Task.FromResult<string?>(null);

    public async Task<string?> BeforeInvokeAsync(InvocationAttempt attempt, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(attempt with { Body = (JsonObject)attempt.Body.DeepClone() });
        return await Policy(attempt, cancellationToken);
    }

    public IReadOnlyList<InvocationAttempt> Of(string function) => [.. _attempts.Where(a => a.Function == function)];

    /// <summary>A metadata value as the host sends it (script-encoded strings unwrapped once).</summary>
    public static string? Metadata(InvocationAttempt attempt, string key) => attempt.Body["Metadata"]?[key] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.StartsWith('"') ? System.Text.Json.JsonSerializer.Deserialize<string>(text) : text,
        JsonNode node => node.ToJsonString(),
        null => null,
    };
}

/// <summary>Log lines of a local host, for what it says at start.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
