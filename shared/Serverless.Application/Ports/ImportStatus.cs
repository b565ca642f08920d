namespace Serverless.Application.Ports;

/// <summary>What became of one dropped export.</summary>
public enum ImportStatus
{
    Accepted,
    AcceptedWithErrors,
    Rejected,
    /// <summary>
    /// The same bytes were already in force for the same kind and day, under this source or another
    /// (<see cref="ImportRecord.DuplicateOf"/> names that import): this file counts nothing. Under another source it is
    /// still that source's file in force, so whatever the source stored before is withdrawn.
    /// </summary>
    Duplicate,
}
