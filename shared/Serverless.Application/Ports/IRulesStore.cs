using Serverless.Domain.Scoring;

namespace Serverless.Application.Ports;

/// <summary>The rules versions in force (规则版本库). With none stored, the <c>positive-incentive</c> preset applies.</summary>
public interface IRulesStore
{
    /// <summary>Every stored version as a rule book; the default preset alone when nothing is stored.</summary>
    Task<RuleBook> GetBookAsync(CancellationToken cancellationToken);

    /// <summary>Adds a validated version; false when a version of that name already exists (a retry of the same add).</summary>
    Task<bool> AddAsync(RulesDocument rules, string json, CancellationToken cancellationToken);
}
