namespace Serverless.Domain.Exports;

/// <summary>What reading one export concluded.</summary>
public enum ImportOutcome
{
    Accepted,
    /// <summary>Some rows were bad, within the allowed share; they are skipped and reported.</summary>
    AcceptedWithErrors,
    /// <summary>Unreadable, missing required columns, or too many bad rows: nothing from it is used.</summary>
    Rejected,
}
