using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Serverless.Domain.Metrics;
using Serverless.Domain.Publishing;
using Serverless.LocalHost;
using Serverless.Samples;
using Serverless.Testing;

namespace Serverless.EndToEnd.Tests;

/// <summary>
/// A generated month for 2,100 agents goes from dropped export files to published month files, through the local host
/// and the real handler process: ParseExport → score-requests → ScoreAgentDays → PublishMonth, nothing stubbed.
/// </summary>
public sealed class MonthCloseEndToEndTests(OctoberClosingStack fixture) : IClassFixture<OctoberClosingStack>
{
    private const int Agents = 2_100;
    private LocalStack Stack => fixture.Stack;

    [Fact]
    public async Task A_generated_October_for_2100_agents_is_ranked_and_published_from_dropped_files()
    {
        // The stack's clock starts as the timer closes October 2026, so October is the month generated.
        var month = OctoberClosingStack.October;
        var root = Directory.CreateTempSubdirectory("month-close-e2e").FullName;
        try
        {
            var options = new SampleOptions { Agents = Agents, StartDate = month.FirstDay, Days = month.LastDay.Day, Source = "e2e-month" };
            var files = SampleGenerator.WriteTree(root, options);
            var exports = new BlobServiceClient(Stack.StorageConnectionString).GetBlobContainerClient("exports");
            await exports.CreateIfNotExistsAsync();

            // The roster first, so every agent-day is scored under its department.
            await exports.UploadBlobAsync(files[0], File.OpenRead(Path.Combine(root, files[0])));
            var roster = new TableServiceClient(Stack.StorageConnectionString).GetTableClient("Roster");
            await Eventually.UntilAsync(async () => await roster.RowCountAsync() >= Agents, "the roster import", TimeSpan.FromMinutes(5));
            await Parallel.ForEachAsync(files.Skip(1), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (file, ct) =>
            {
                await using var content = File.OpenRead(Path.Combine(root, file));
                await exports.UploadBlobAsync(file, content, ct);
            });
            await WaitForScoringAsync(files.Count);

            using var admin = fixture.Client(Stack.Options.MasterKey);
            var run = await admin.PostAsync("/admin/functions/PublishMonth?wait=true", new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);

            var blobs = new BlobServiceClient(Stack.StorageConnectionString);
            var json = (await blobs.GetBlobContainerClient("rankings").GetBlobClient($"{month}/v1/ranking.json").DownloadContentAsync()).Value.Content;
            RankingDocument ranking;
            using (var stream = json.ToStream()) ranking = RankingJson.Read(stream);
            Assert.Equal(month.ToString(), ranking.Month);
            Assert.InRange(ranking.Rows.Count, Agents * 9 / 10, Agents);
            Assert.Equal(ranking.Rows.Count, ranking.Summary.EligibleCount);
            // ⌈15 %⌉ of the eligible are paid at least (ties at the boundary can only add).
            Assert.True(ranking.Summary.PaidCount >= (int)Math.Ceiling(0.15 * ranking.Rows.Count), $"{ranking.Summary.PaidCount} paid of {ranking.Rows.Count}");
            Assert.True(ranking.Rows[0].MonthPoints > ranking.Rows[^1].MonthPoints);

            var payroll = (await blobs.GetBlobContainerClient("bonus").GetBlobClient($"{month}/v1/payroll.csv").DownloadContentAsync()).Value.Content.ToString();
            var trailer = payroll.TrimEnd('\r', '\n').Split("\r\n")[^1];
            Assert.Equal($"TRAILER,{ranking.Summary.PaidCount},{ranking.Summary.TotalAmount:0.00},{month}", trailer);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Every file has an import row and the score-requests queue has stayed empty for a while.</summary>
    private async Task WaitForScoringAsync(int fileCount)
    {
        var imports = new TableServiceClient(Stack.StorageConnectionString).GetTableClient("Imports");
        await Eventually.UntilAsync(async () => await imports.RowCountAsync() >= fileCount, "an import row per dropped file", TimeSpan.FromMinutes(20));
        var queue = new QueueServiceClient(Stack.StorageConnectionString).GetQueueClient("score-requests");
        var quiet = 0;
        await Eventually.UntilAsync(async () =>
        {
            var properties = await queue.GetPropertiesAsync();
            quiet = properties.Value.ApproximateMessagesCount == 0 ? quiet + 1 : 0;
            return quiet >= 20;
        }, "the score-requests queue to drain", TimeSpan.FromMinutes(20));
    }

}
