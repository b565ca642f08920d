using Azure.Storage.Blobs;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests.Api;

/// <summary>Publishes real month files (built by <see cref="MonthPublication"/>) to Azurite in month close's layout.</summary>
public static class PublishedMonthSeed
{
    public static AgentMonthStanding Standing(string id, decimal points, string department = "客服一部", decimal before = 0m, int previousStars = 0) => new()
    {
        AgentId = id, Name = "坐席" + id, Department = department, Specialty = "电费", Team = "T1", Active = true, ScheduledDays = 20,
        MonthPoints = points, WorkQualityPoints = points / 2, CumulativeBefore = before, PreviousStars = previousStars,
    };

    public static async Task<IReadOnlyList<PublishedFile>> PublishAsync(string connectionString, YearMonth month, int version, IReadOnlyList<AgentMonthStanding> standings, RankingDocument? previous = null)
    {
        var rules = RulePresets.Load(RulePresets.PositiveIncentive);
        var ranking = MonthRanking.Rank(standings, rules.Bonus, rules.Stars);
        var files = MonthPublication.Build(ranking, new PublicationMetadata(month, version, rules.Version, ApiHost.Now, version > 1 ? "correction" : null), previous);
        var blobs = new BlobServiceClient(connectionString);
        foreach (var file in files)
        {
            // Manifest last, as month close writes it: a version is complete once its manifest exists.
            if (file.Name == MonthPublication.ManifestName) continue;
            await UploadAsync(blobs, file.Name is MonthPublication.BonusCsvName or MonthPublication.PayrollCsvName ? "bonus" : "rankings", month, version, file);
        }
        var manifest = files.Single(f => f.Name == MonthPublication.ManifestName);
        await UploadAsync(blobs, "bonus", month, version, manifest);
        await UploadAsync(blobs, "rankings", month, version, manifest);
        return files;
    }

    private static async Task UploadAsync(BlobServiceClient blobs, string container, YearMonth month, int version, PublishedFile file)
    {
        var client = blobs.GetBlobContainerClient(container);
        await client.CreateIfNotExistsAsync();
        await client.GetBlobClient($"{month}/v{version}/{file.Name}").UploadAsync(new BinaryData(file.Content), overwrite: true);
    }
}
