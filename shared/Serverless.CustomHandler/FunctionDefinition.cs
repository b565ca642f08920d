using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.CustomHandler;

/// <summary>One function's <c>function.json</c>: its name (the folder's) and its bindings.</summary>
public sealed record FunctionDefinition(string Name, IReadOnlyList<BindingDefinition> Bindings, RetryDefinition? Retry = null)
{
    public BindingDefinition Trigger => Bindings.SingleOrDefault(b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"Function {Name} has no trigger binding.");

    public IEnumerable<BindingDefinition> Outputs => Bindings.Where(b => b.Direction == "out");

    /// <summary>Reads every <c>{appRoot}/*/function.json</c> as the host does at start.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll(string appRoot)
    {
        var functions = new List<FunctionDefinition>();
        foreach (var dir in Directory.EnumerateDirectories(appRoot).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file)) continue;
            var json = JsonSerializer.Deserialize<FunctionJson>(File.ReadAllText(file), JsonOptions)
                ?? throw new InvalidDataException($"{file} is empty.");
            functions.Add(new FunctionDefinition(Path.GetFileName(dir), json.Bindings, json.Retry));
        }
        return functions;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed record FunctionJson(IReadOnlyList<BindingDefinition> Bindings, RetryDefinition? Retry);
}

/// <summary>One binding of a <c>function.json</c>; the properties the app's bindings use.</summary>
public sealed record BindingDefinition
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("direction")] public required string Direction { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("queueName")] public string? QueueName { get; init; }
    [JsonPropertyName("connection")] public string? Connection { get; init; }
    [JsonPropertyName("schedule")] public string? Schedule { get; init; }
    [JsonPropertyName("runOnStartup")] public bool RunOnStartup { get; init; }
    /// <summary>Timer: keep the schedule's status in storage, so an occurrence missed while the host was down runs at start (default true).</summary>
    [JsonPropertyName("useMonitor")] public bool? UseMonitor { get; init; }
    [JsonPropertyName("route")] public string? Route { get; init; }
    [JsonPropertyName("authLevel")] public string? AuthLevel { get; init; }
    [JsonPropertyName("methods")] public IReadOnlyList<string>? Methods { get; init; }
}

/// <summary>
/// A function-level retry policy (<c>"retry"</c> in function.json): <c>fixedDelay</c> waits <see cref="DelayInterval"/>,
/// <c>exponentialBackoff</c> waits <see cref="MinimumInterval"/>, then adds a doubling increment, up to <see cref="MaximumInterval"/>.
/// <see cref="MaxRetryCount"/> −1 retries without end.
/// </summary>
public sealed record RetryDefinition
{
    [JsonPropertyName("strategy")] public required string Strategy { get; init; }
    [JsonPropertyName("maxRetryCount")] public int MaxRetryCount { get; init; }
    [JsonPropertyName("delayInterval")] public TimeSpan? DelayInterval { get; init; }
    [JsonPropertyName("minimumInterval")] public TimeSpan? MinimumInterval { get; init; }
    [JsonPropertyName("maximumInterval")] public TimeSpan? MaximumInterval { get; init; }

    /// <summary>The wait before retry <paramref name="retry"/> (1 for the first), as the host's <c>FixedDelayRetryAttribute</c> and <c>ExponentialBackoffRetryAttribute</c> compute it.</summary>
    /// <remarks>
    /// <c>ExponentialBackoffRetryAttribute</c> asks a <c>RandomizedExponentialBackoffStrategy(minimum, maximum)</c> (the
    /// WebJobs SDK's, its delta the minimum) for each delay: the first retry waits the minimum, retry n after it the
    /// minimum plus <c>2^(n-2) × minimum × r</c> with r drawn from [0.8, 1.2), capped at the maximum; so 30 s / 15 min
    /// waits about 30, 60, 90, 150, 270 s. Here r is 1, its middle, so a local run's cadence is the host's without the jitter.
    /// </remarks>
    public TimeSpan Delay(int retry)
    {
        switch (Strategy)
        {
            case "fixedDelay":
                return DelayInterval ?? throw new InvalidDataException("A fixedDelay retry needs delayInterval.");
            case "exponentialBackoff":
                var min = MinimumInterval ?? throw new InvalidDataException("An exponentialBackoff retry needs minimumInterval.");
                var max = MaximumInterval ?? throw new InvalidDataException("An exponentialBackoff retry needs maximumInterval.");
                var grown = retry <= 1 ? min.TotalMilliseconds : min.TotalMilliseconds + Math.Pow(2, Math.Min(retry - 2, 30)) * min.TotalMilliseconds;
                return TimeSpan.FromMilliseconds(Math.Min(grown, max.TotalMilliseconds));
            default:
                throw new InvalidDataException($"Unknown retry strategy '{Strategy}' (fixedDelay or exponentialBackoff).");
        }
    }
}
