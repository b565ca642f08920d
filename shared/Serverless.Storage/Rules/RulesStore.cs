using Azure.Data.Tables;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>Rules versions in <c>Rules</c>: one partition, row = version name, the document kept as the JSON that was posted.</summary>
public sealed class RulesStore(StorageClients storage) : IRulesStore
{
    private const string Partition = "rules";
    private TableClient Table => storage.Tables.GetTableClient(Tables.Rules);

    public async Task<RuleBook> GetBookAsync(CancellationToken cancellationToken)
    {
        var versions = new List<RulesDocument>();
        await foreach (var entity in Table.QueryAsync<TableEntity>($"PartitionKey eq '{Partition}'", cancellationToken: cancellationToken))
        {
            var parsed = RulesDocument.Parse(entity.GetString("Json"));
            // Stored versions were validated when added; one that no longer reads is a broken deployment, not bad input.
            versions.Add(parsed.Value ?? throw new InvalidDataException($"Stored rules version {entity.RowKey} no longer reads: {parsed.Describe()}"));
        }
        if (versions.Count == 0) versions.Add(RulePresets.Load(RulePresets.PositiveIncentive));
        var book = RuleBook.Create(versions);
        return book.Value ?? throw new InvalidDataException($"Stored rules versions conflict: {book.Describe()}");
    }

    public async Task<bool> AddAsync(RulesDocument rules, string json, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(Partition, rules.Version)
            {
                ["Scheme"] = rules.Scheme.ToString(),
                ["EffectiveFrom"] = rules.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["Json"] = json,
            }, cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }
}
