using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Inquiries;
using Serverless.Domain.Metrics;

namespace Serverless.Storage;

/// <summary>
/// Inquiries in <c>Inquiries</c>: partition = month, row = the inquiry's id. Added with "add" (a retry finds the first);
/// answered with an ETag-conditional replace of a row still open, so two racing answers cannot both win.
/// </summary>
public sealed class InquiryStore(StorageClients storage) : IInquiryStore
{
    private TableClient Table => storage.Tables.GetTableClient(Tables.Inquiries);

    public async Task<bool> AddAsync(Inquiry inquiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inquiry);
        try
        {
            await Table.AddEntityAsync(ToEntity(inquiry), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Inquiry?> GetAsync(YearMonth month, string id, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(month.ToString(), id, cancellationToken: cancellationToken);
        return found.HasValue ? ToInquiry(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Inquiry>> ListAsync(YearMonth month, CancellationToken cancellationToken)
    {
        var all = new List<Inquiry>();
        await foreach (var e in Table.QueryAsync<TableEntity>($"PartitionKey eq '{month}'", cancellationToken: cancellationToken)) all.Add(ToInquiry(e));
        return [.. all.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<bool> TryAnswerAsync(Inquiry answered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answered);
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(answered.Month.ToString(), answered.Id, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value!.GetString("Outcome") is not null) return false;
        try
        {
            await Table.UpdateEntityAsync(ToEntity(answered), current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(Inquiry i) => new(i.Month.ToString(), i.Id)
    {
        ["AgentId"] = i.AgentId,
        ["Team"] = i.Team,
        ["Subject"] = i.Subject.ToString(),
        ["EntryPeriod"] = i.EntryPeriod,
        ["EntryRule"] = i.EntryRule,
        ["Reason"] = i.Reason,
        ["OpenedBy"] = i.OpenedBy,
        ["OpenedAt"] = i.OpenedAt,
        ["Outcome"] = i.Answer?.Outcome.ToString(),
        ["AnswerReason"] = i.Answer?.Reason,
        ["CorrectionKind"] = i.Answer?.Correction?.Kind.ToString(),
        ["CorrectionReference"] = i.Answer?.Correction?.Reference,
        ["AnsweredBy"] = i.Answer?.AnsweredBy,
        ["AnsweredAt"] = i.Answer?.AnsweredAt,
    };

    private static Inquiry ToInquiry(TableEntity e)
    {
        var outcome = e.GetString("Outcome");
        var correction = e.GetString("CorrectionKind") is { } kind
            ? new InquiryCorrection(Enum.Parse<CorrectionKind>(kind), e.GetString("CorrectionReference") ?? "")
            : null;
        return new Inquiry
        {
            Id = e.RowKey,
            Month = YearMonth.TryParse(e.PartitionKey, out var month) ? month : throw new InvalidDataException($"Inquiries row with partition '{e.PartitionKey}' is not a month."),
            AgentId = e.GetString("AgentId") ?? "",
            Team = e.GetString("Team") ?? "",
            Subject = Enum.Parse<InquirySubject>(e.GetString("Subject") ?? nameof(InquirySubject.MonthResult)),
            EntryPeriod = e.GetString("EntryPeriod"),
            EntryRule = e.GetString("EntryRule"),
            Reason = e.GetString("Reason") ?? "",
            OpenedBy = e.GetString("OpenedBy") ?? "",
            OpenedAt = e.GetDateTimeOffset("OpenedAt") ?? default,
            Answer = outcome is null ? null : new InquiryAnswer(
                Enum.Parse<InquiryState>(outcome), e.GetString("AnswerReason") ?? "", correction, e.GetString("AnsweredBy") ?? "", e.GetDateTimeOffset("AnsweredAt") ?? default),
        };
    }
}
