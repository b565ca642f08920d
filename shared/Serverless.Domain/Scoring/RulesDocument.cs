using System.Text;
using System.Text.Json;
using Serverless.Domain.Publishing;

namespace Serverless.Domain.Scoring;

/// <summary>
/// One version of a rules file (积分规则): scheme, version, effective date and every number the engine uses.
/// Read with <see cref="Parse"/>, which refuses a file that breaks its scheme's invariants.
/// </summary>
public sealed record RulesDocument
{
    public required RuleScheme Scheme { get; init; }

    /// <summary>Recorded on every ledger entry scored under this document, e.g. "2026.1".</summary>
    public required string Version { get; init; }

    /// <summary>First business day this version scores (inclusive).</summary>
    public required DateOnly EffectiveFrom { get; init; }

    public string? Description { get; init; }

    /// <summary>How E is computed; required when a daily rule of kind <c>efficiency</c> exists.</summary>
    public EfficiencyRules? Efficiency { get; init; }

    public IReadOnlyList<DailyRule> Daily { get; init; } = [];

    public IReadOnlyList<MonthlyRule> Monthly { get; init; } = [];

    /// <summary>Monthly cap per dimension over that dimension's daily and monthly points.</summary>
    public IReadOnlyDictionary<Dimension, decimal> Caps { get; init; } = new Dictionary<Dimension, decimal>();

    public TeamBuildingRules? TeamBuilding { get; init; }

    /// <summary>Absent: leader adjustments are refused.</summary>
    public AdjustmentRules? Adjustments { get; init; }

    /// <summary>Work-item values; required under <c>workload</c>.</summary>
    public WorkloadRules? Workload { get; init; }

    /// <summary>Bonus tiers in increasing share (month close reads them).</summary>
    public IReadOnlyList<BonusTier> Bonus { get; init; } = [];

    /// <summary>Star thresholds in increasing stars (month close reads them).</summary>
    public IReadOnlyList<StarThreshold> Stars { get; init; } = [];

    /// <summary>Reads and validates a rules file; errors carry the line they point at.</summary>
    public static RulesResult<RulesDocument> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        RulesDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RulesDocument>(bytes, RulesJson.Options);
        }
        catch (JsonException e)
        {
            return RulesResult<RulesDocument>.Fail([RulesJson.ErrorOf(e, bytes)]);
        }
        if (document is null)
        {
            return RulesResult<RulesDocument>.Fail([new RulesError(1, 1, "", "the file holds null, not a rules document")]);
        }

        var lines = JsonLineMap.Build(bytes);
        var errors = RulesValidator.Validate(document, lines);
        return errors.Count == 0 ? RulesResult<RulesDocument>.Ok(document) : RulesResult<RulesDocument>.Fail(errors);
    }

    /// <summary>The file's text for this document (indented), e.g. for HR to download and edit.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, RulesJson.IndentedOptions);
}
