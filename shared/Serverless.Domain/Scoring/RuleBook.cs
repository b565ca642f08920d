namespace Serverless.Domain.Scoring;

/// <summary>
/// The approved versions of the rules (规则版本库); the one in force on a day scores that day. Drafts and withdrawn
/// versions are never in a rule book (<see cref="Approved"/>), so no reader of it can score under one.
/// </summary>
public sealed class RuleBook
{
    private RuleBook(IReadOnlyList<RulesDocument> versions) => Versions = versions;

    /// <summary>By effective date, earliest first.</summary>
    public IReadOnlyList<RulesDocument> Versions { get; }

    /// <summary>Refuses two versions with one effective date or one version name: which would score that day is ambiguous.</summary>
    public static RulesResult<RuleBook> Create(IEnumerable<RulesDocument> versions)
    {
        var sorted = versions.OrderBy(v => v.EffectiveFrom).ThenBy(v => v.Version, StringComparer.Ordinal).ToList();
        var errors = new List<RulesError>();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (sorted[i].EffectiveFrom == sorted[i - 1].EffectiveFrom)
            {
                errors.Add(new RulesError(0, 0, "effectiveFrom", $"versions '{sorted[i - 1].Version}' and '{sorted[i].Version}' both take effect on {sorted[i].EffectiveFrom:yyyy-MM-dd}: give one a different effectiveFrom"));
            }
        }
        foreach (var duplicate in sorted.GroupBy(v => v.Version, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new RulesError(0, 0, "version", $"version '{duplicate.Key}' appears {duplicate.Count()} times: ledger entries could not tell them apart"));
        }
        return errors.Count == 0 ? RulesResult<RuleBook>.Ok(new RuleBook(sorted)) : RulesResult<RuleBook>.Fail(errors);
    }

    /// <summary>The book of the approved versions among <paramref name="versions"/>: drafts and withdrawn ones are left out.</summary>
    public static RulesResult<RuleBook> Approved(IEnumerable<RulesVersionState> versions) =>
        Create(versions.Where(v => v.Status == RulesStatus.Approved).Select(v => v.Document));

    /// <summary>The latest version whose effectiveFrom ≤ <paramref name="day"/>, or null before the first.</summary>
    public RulesDocument? InForceOn(DateOnly day)
    {
        RulesDocument? inForce = null;
        foreach (var version in Versions)
        {
            if (version.EffectiveFrom > day) break;
            inForce = version;
        }
        return inForce;
    }
}
