namespace Serverless.Application.Ports;

/// <summary>What became of one dropped export.</summary>
public enum ImportStatus
{
    Accepted,
    AcceptedWithErrors,
    Rejected,
    /// <summary>The same bytes were imported before for the same kind, day and source: nothing changed.</summary>
    Duplicate,
}
