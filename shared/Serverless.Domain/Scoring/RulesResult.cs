namespace Serverless.Domain.Scoring;

/// <summary>A loaded value, or the errors that refused it (never both).</summary>
public sealed record RulesResult<T>(T? Value, IReadOnlyList<RulesError> Errors)
    where T : class
{
    public bool Succeeded => Value is not null && Errors.Count == 0;

    public static RulesResult<T> Ok(T value) => new(value, []);

    public static RulesResult<T> Fail(IReadOnlyList<RulesError> errors) => new(null, errors);

    /// <summary>All errors, one a line, e.g. for a problem-details body or a test message.</summary>
    public string Describe() => string.Join(Environment.NewLine, Errors);
}
