using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>
/// The rules versions (规则版本库) with their approval state. With no approved version stored, the
/// <c>positive-incentive</c> preset applies. A version stored without a status (before drafts existed, or seeded with
/// <see cref="AddAsync"/>) is approved.
/// </summary>
public interface IRulesStore
{
    /// <summary>The approved versions as a rule book (drafts and withdrawn versions never score); the default preset alone when none is stored.</summary>
    Task<RuleBook> GetBookAsync(CancellationToken cancellationToken);

    /// <summary>Every stored version with its state and steps, drafts and withdrawn ones included, by effective date; the default preset when no approved one is stored.</summary>
    Task<IReadOnlyList<RulesVersionState>> GetVersionsAsync(CancellationToken cancellationToken);

    /// <summary>Adds a validated version in force without approval (a preset seeded at start, a migration); false when a version of that name already exists.</summary>
    Task<bool> AddAsync(RulesDocument rules, string json, CancellationToken cancellationToken);

    /// <summary>Adds a posted draft with its author and time; false when a version of that name already exists (a retry of the same post).</summary>
    Task<bool> AddDraftAsync(RulesVersionState draft, string json, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="decided"/> (approved or withdrawn) if the version is still a draft; false when it was decided meanwhile.</summary>
    Task<bool> TryDecideAsync(RulesVersionState decided, CancellationToken cancellationToken);
}
