using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>Payroll's mark that it took (paid from) a published version of a month; the next payroll delta is against the latest such.</summary>
public sealed record PayrollTaken(YearMonth Month, int Version, string TakenBy, DateTimeOffset TakenAt);

/// <summary>Versions payroll took, per month. A mark is added once and never changed or removed.</summary>
public interface IPayrollTakenStore
{
    /// <summary>Adds the mark; when the version was marked already, the first mark is returned unchanged.</summary>
    Task<(PayrollTaken Mark, bool Added)> MarkAsync(PayrollTaken mark, CancellationToken cancellationToken);

    /// <summary>Every version of the month marked taken, lowest version first.</summary>
    Task<IReadOnlyList<PayrollTaken>> ListAsync(YearMonth month, CancellationToken cancellationToken);
}
