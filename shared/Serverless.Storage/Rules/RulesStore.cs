using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>
/// Rules versions in <c>Rules</c>: one partition, row = version name, the document kept as the JSON that was posted,
/// and its approval state: <c>Status</c> (<c>draft</c>, <c>approved</c>, <c>withdrawn</c>; absent on rows stored before
/// drafts existed and on seeded presets, which are approved), <c>PostedBy</c>/<c>PostedAt</c>,
/// <c>ApprovedBy</c>/<c>ApprovedAt</c>, <c>WithdrawnBy</c>/<c>WithdrawnAt</c>/<c>WithdrawalReason</c>.
/// </summary>
public sealed class RulesStore(StorageClients storage) : IRulesStore
{
    private const string Partition = "rules";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Rules);

    public async Task<RuleBook> GetBookAsync(CancellationToken cancellationToken)
    {
        var book = RuleBook.Approved(await GetVersionsAsync(cancellationToken));
        return book.Value ?? throw new InvalidDataException($"Stored rules versions conflict: {book.Describe()}");
    }

    public async Task<IReadOnlyList<RulesVersionState>> GetVersionsAsync(CancellationToken cancellationToken)
    {
        var versions = new List<RulesVersionState>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken))
        {
            var parsed = RulesDocument.Parse(entity.GetString("Json"));
            // Stored versions were validated when added; one that no longer reads is a broken deployment, not bad input.
            var document = parsed.Value ?? throw new InvalidDataException($"Stored rules version {entity.RowKey} no longer reads: {parsed.Describe()}");
            versions.Add(new RulesVersionState(
                document,
                StatusOf(entity.GetString("Status"), entity.RowKey),
                Step(entity, "PostedBy", "PostedAt"),
                Step(entity, "ApprovedBy", "ApprovedAt"),
                Step(entity, "WithdrawnBy", "WithdrawnAt"),
                entity.GetString("WithdrawalReason")));
        }
        if (!versions.Any(v => v.Status == RulesStatus.Approved)) versions.Add(RulesVersionState.Seeded(RulePresets.Load(RulePresets.PositiveIncentive)));
        return [.. versions.OrderBy(v => v.Document.EffectiveFrom).ThenBy(v => v.Document.Version, StringComparer.Ordinal)];
    }

    public async Task<bool> AddAsync(RulesDocument rules, string json, CancellationToken cancellationToken) =>
        await TryAddAsync(Entity(rules, json), cancellationToken);

    public async Task<bool> AddDraftAsync(RulesVersionState draft, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Status != RulesStatus.Draft) throw new ArgumentException($"Version {draft.Document.Version} is {draft.Status}, not a draft.", nameof(draft));
        var entity = Entity(draft.Document, json);
        Write(entity, draft);
        return await TryAddAsync(entity, cancellationToken);
    }

    public async Task<bool> TryDecideAsync(RulesVersionState decided, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, decided.Document.Version, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value!.GetString("Status") != Name(RulesStatus.Draft)) return false;
        var entity = new TableEntity(Partition, decided.Document.Version);
        Write(entity, decided);
        try
        {
            // Merge under the draft's ETag: of two concurrent decisions (approve and withdraw) only one is stored.
            await Table.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private async Task<bool> TryAddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity Entity(RulesDocument rules, string json) => new(Partition, rules.Version)
    {
        ["Scheme"] = rules.Scheme.ToString(),
        ["EffectiveFrom"] = rules.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Json"] = json,
    };

    private static void Write(TableEntity entity, RulesVersionState state)
    {
        entity["Status"] = Name(state.Status);
        Put(entity, "PostedBy", "PostedAt", state.Posted);
        Put(entity, "ApprovedBy", "ApprovedAt", state.Approval);
        Put(entity, "WithdrawnBy", "WithdrawnAt", state.Withdrawal);
        if (state.WithdrawalReason is not null) entity["WithdrawalReason"] = state.WithdrawalReason;
    }

    private static void Put(TableEntity entity, string by, string at, RulesStep? step)
    {
        if (step is null) return;
        entity[by] = step.By;
        entity[at] = step.At;
    }

    private static RulesStep? Step(TableEntity entity, string by, string at) =>
        entity.GetString(by) is { } name && entity.GetDateTimeOffset(at) is { } when ? new RulesStep(name, when) : null;

    private static string Name(RulesStatus status) => status switch
    {
        RulesStatus.Draft => "draft",
        RulesStatus.Approved => "approved",
        _ => "withdrawn",
    };

    private static RulesStatus StatusOf(string? stored, string version) => stored switch
    {
        null or "approved" => RulesStatus.Approved, // absent: stored before drafts existed, or seeded — in force as it always was
        "draft" => RulesStatus.Draft,
        "withdrawn" => RulesStatus.Withdrawn,
        _ => throw new InvalidDataException($"Stored rules version {version} has an unknown status '{stored}'."),
    };
}
