namespace Serverless.Domain.Scoring;

/// <summary>The two rules files that ship with the engine (预置规则), embedded in this assembly.</summary>
public static class RulePresets
{
    public const string PositiveIncentive = "positive-incentive";
    public const string Workload = "workload";

    public static IReadOnlyList<string> Names { get; } = [PositiveIncentive, Workload];

    /// <summary>The preset's file text, e.g. as a starting point HR downloads and edits.</summary>
    public static string ReadJson(string name)
    {
        if (!Names.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No preset '{name}': choose one of {string.Join(", ", Names)}.", nameof(name));
        }
        using var stream = typeof(RulePresets).Assembly.GetManifestResourceStream(ResourceName(name))
            ?? throw new InvalidOperationException($"Preset '{name}' is not embedded in {typeof(RulePresets).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The preset, parsed and validated; a preset that fails validation is a build defect, so it throws.</summary>
    public static RulesDocument Load(string name)
    {
        var result = RulesDocument.Parse(ReadJson(name));
        return result.Value ?? throw new InvalidOperationException($"Preset '{name}' is invalid: {result.Describe()}");
    }

    private static string ResourceName(string name) => $"Serverless.Domain.Scoring.Presets.{name}.json";
}
