using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;

namespace Serverless.Storage;

/// <summary>
/// Month jobs (re-scores and what-ifs, <see cref="JobKind"/>) in <c>Jobs</c>: partition <c>rescore</c>, row = the job's id (the caller's Idempotency-Key). The days
/// pending and done are JSON objects of day → agent-days (a month is at most 31 entries). Added with "add" (a retry
/// finds the first); replaced only under the ETag it was read with.
/// </summary>
public sealed class RescoreJobStore(StorageClients storage) : IRescoreJobStore
{
    public const string Partition = "rescore";

    private TableClient Table => storage.Tables.GetTableClient(Tables.Jobs);

    public async Task<bool> AddAsync(RescoreJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await Table.AddEntityAsync(ToEntity(job), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<StoredRescoreJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken);
        return found.HasValue ? new StoredRescoreJob(ToJob(found.Value!), found.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> TryReplaceAsync(RescoreJob job, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await Table.UpdateEntityAsync(ToEntity(job), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(RescoreJob job) => new(Partition, job.Id)
    {
        ["Month"] = job.Month.ToString(),
        ["Reason"] = job.Reason,
        ["Status"] = job.Status.ToString(),
        ["Planned"] = job.Planned,
        ["Agents"] = job.Agents,
        ["Pending"] = Days(job.Pending),
        ["Done"] = Days(job.Done),
        ["RequestedBy"] = job.RequestedBy,
        ["CreatedAt"] = job.CreatedAt,
        ["UpdatedAt"] = job.UpdatedAt,
        ["Error"] = job.Error,
        ["LastError"] = job.LastError,
        ["Kind"] = job.Kind.ToString(),
        ["RulesVersion"] = job.RulesVersion,
        ["WhatIf"] = job.WhatIf is null ? null : JsonSerializer.Serialize(job.WhatIf),
    };

    private static RescoreJob ToJob(TableEntity e) => new()
    {
        Id = e.RowKey,
        Month = YearMonth.TryParse(e.GetString("Month") ?? "", out var month) ? month : throw new InvalidDataException($"Jobs row {e.RowKey} has no month."),
        Reason = e.GetString("Reason") ?? "",
        Status = Enum.Parse<JobStatus>(e.GetString("Status") ?? nameof(JobStatus.Queued)),
        Planned = e.GetBoolean("Planned") ?? false,
        Agents = e.GetInt32("Agents") ?? 0,
        Pending = Days(e.GetString("Pending")),
        Done = Days(e.GetString("Done")),
        RequestedBy = e.GetString("RequestedBy") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        Error = e.GetString("Error"),
        LastError = e.GetString("LastError"),
        // Rows written before what-if jobs existed are re-scores.
        Kind = Enum.TryParse<JobKind>(e.GetString("Kind"), out var kind) ? kind : JobKind.Rescore,
        RulesVersion = e.GetString("RulesVersion"),
        WhatIf = e.GetString("WhatIf") is { Length: > 0 } totals ? JsonSerializer.Deserialize<Domain.Publishing.WhatIfTotals>(totals) : null,
    };

    private static string Days(IReadOnlyDictionary<DateOnly, int> days) =>
        JsonSerializer.Serialize(days.OrderBy(d => d.Key).ToDictionary(d => d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value));

    private static Dictionary<DateOnly, int> Days(string? json) =>
        string.IsNullOrEmpty(json)
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, int>>(json)!.ToDictionary(d => DateOnly.ParseExact(d.Key, "yyyy-MM-dd", CultureInfo.InvariantCulture), d => d.Value);
}
