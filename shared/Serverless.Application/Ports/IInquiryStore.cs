using Serverless.Domain.Inquiries;
using Serverless.Domain.Metrics;

namespace Serverless.Application.Ports;

/// <summary>Inquiries (申诉) by month. Opened once (added, never replaced); answered once (a conditional update of an open one).</summary>
public interface IInquiryStore
{
    /// <summary>Adds a new inquiry; false when one with its id already exists in the month (a retry).</summary>
    Task<bool> AddAsync(Inquiry inquiry, CancellationToken cancellationToken);

    Task<Inquiry?> GetAsync(YearMonth month, string id, CancellationToken cancellationToken);

    /// <summary>Every inquiry of the month, oldest first.</summary>
    Task<IReadOnlyList<Inquiry>> ListAsync(YearMonth month, CancellationToken cancellationToken);

    /// <summary>Stores <paramref name="answered"/> if the inquiry is still open; false when it was answered meanwhile.</summary>
    Task<bool> TryAnswerAsync(Inquiry answered, CancellationToken cancellationToken);
}
