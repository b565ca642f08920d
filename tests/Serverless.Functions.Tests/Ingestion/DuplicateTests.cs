using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Storage;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>
/// The same bytes under another name (<c>north.csv</c> and the browser's <c>north (1).csv</c>) through the handler on
/// Azurite: the copy is a duplicate with its own id and report naming the first import, and its calls count once.
/// </summary>
public sealed class DuplicateTests(AzuriteFixture azurite) : IngestionTestBase(azurite)
{
    private static byte[] Calls(DateOnly day, params (string Id, string Agent, int Talk)[] calls) => Utf8(
        "call_id,agent_id,start_time,end_time,talk_seconds,acw_seconds,caller\n" +
        string.Concat(calls.Select(c => $"{c.Id},{c.Agent},{day:yyyy-MM-dd} 09:00:00,{day:yyyy-MM-dd} 09:10:00,{c.Talk},20,13700137000\n")));

    private static byte[] Export(DateOnly day) => Calls(day, ("c1", "A", 100), ("c2", "A", 200), ("c3", "B", 300));

    /// <summary>An HR reader as Easy Auth presents one (the ingestion host trusts no role headers).</summary>
    private HttpClient Reader()
    {
        var client = Host.CreateClient();
        client.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"roles","val":"hr-reader"}]}""")));
        return client;
    }

    [Fact]
    public async Task The_same_bytes_under_another_name_are_a_duplicate_with_its_own_id_and_report_and_count_once()
    {
        var day = new DateOnly(2026, 7, 1);
        var first = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));

        var copy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));

        Assert.Equal(ImportStatus.Accepted, first.Status.Status);
        Assert.Equal(ImportStatus.Duplicate, copy.Status.Status);
        Assert.Equal("north (1)", copy.Status.Source);
        Assert.NotEqual(first.Status.ImportId, copy.Status.ImportId);
        Assert.Equal((first.Status.ImportId, first.Status.BlobName), (copy.Status.DuplicateOf, copy.Status.DuplicateOfBlob));
        // Counted once: the day's metrics are the first file's, and nothing is scored for the copy.
        Assert.Equal(first.Metrics, copy.Metrics);
        Assert.Equal((2, 300L), (copy.Metrics.Single(m => m.AgentId == "A").AnsweredCalls, copy.Metrics.Single(m => m.AgentId == "A").TalkSeconds));
        Assert.Empty(copy.Reply.ScoreRequests);
        Assert.Contains(copy.Reply.Logs, l => l.Contains($"the same bytes as import {first.Status.ImportId}", StringComparison.Ordinal));
        // What it wrote: its status row, its report, and its source's head (it is that source's file in force, holding nothing).
        copy.AssertChangedOnly([$"ImportHeads/{day:yyyy-MM-dd}/calls|north (1)"]);

        // What HR sees: both imports listed, each report reachable by its own id, the copy's naming the first.
        using var hr = Reader();
        var listed = await hr.GetFromJsonAsync<JsonElement>($"/api/imports?date={day:yyyy-MM-dd}&kind=calls");
        var rows = listed.EnumerateArray().ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal("Accepted", rows["north"].GetProperty("status").GetString());
        Assert.Equal("Duplicate", rows["north (1)"].GetProperty("status").GetString());
        Assert.Equal(first.Status.ImportId, rows["north (1)"].GetProperty("duplicateOf").GetString());
        Assert.Equal(first.Status.BlobName, rows["north (1)"].GetProperty("duplicateOfBlob").GetString());
        Assert.Equal(rows["north"].GetProperty("report").GetString(), rows["north (1)"].GetProperty("duplicateOfReport").GetString());
        var firstReport = await hr.GetFromJsonAsync<JsonElement>(rows["north"].GetProperty("report").GetString());
        var copyReport = await hr.GetFromJsonAsync<JsonElement>(rows["north (1)"].GetProperty("report").GetString());
        Assert.Equal(first.Status.ImportId, firstReport.GetProperty("importId").GetString());
        Assert.Equal(copy.Status.ImportId, copyReport.GetProperty("importId").GetString());
        Assert.Equal("Duplicate", copyReport.GetProperty("status").GetString());
        Assert.Equal(first.Status.ImportId, copyReport.GetProperty("duplicateOf").GetProperty("importId").GetString());
        Assert.Equal(first.Status.BlobName, copyReport.GetProperty("duplicateOf").GetProperty("blobName").GetString());
    }

    [Fact]
    public async Task Two_copies_delivered_at_the_same_moment_count_once()
    {
        // Event Grid delivers the two uploads' events in parallel: the content claim lets only one of them count.
        for (var round = 0; round < 5; round++)
        {
            var day = new DateOnly(2026, 7, 10).AddDays(round);
            var north = await Host.UploadAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
            var copy = await Host.UploadAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));

            await Task.WhenAll(Host.DeliverAsync(north), Host.DeliverAsync(copy));

            var statuses = await Host.StatusesAsync(ExportKind.Calls, day);
            var counted = Assert.Single(statuses, s => s.Status == ImportStatus.Accepted);
            var duplicate = Assert.Single(statuses, s => s.Status == ImportStatus.Duplicate);
            Assert.Equal(counted.ImportId, duplicate.DuplicateOf);
            var a = Assert.Single(await Host.MetricsAsync(day), m => m.AgentId == "A");
            Assert.Equal((2, 300L), (a.AnsweredCalls, a.TalkSeconds));
        }
    }

    [Fact]
    public async Task Once_the_first_source_moved_on_a_new_copy_under_a_third_name_counts_but_the_old_copy_does_not()
    {
        var day = new DateOnly(2026, 7, 6);
        await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
        var copy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));
        await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Calls(day, ("c9", "C", 60)));

        var third = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (2).csv", Export(day));

        // Judged when it arrives: the bytes count nowhere now, so this upload counts; the old copy stays a duplicate.
        Assert.Equal(ImportStatus.Accepted, third.Status.Status);
        Assert.Equal(ImportStatus.Duplicate, (await Host.StatusesAsync(ExportKind.Calls, day)).Single(s => s.ImportId == copy.Status.ImportId).Status);
        Assert.Equal(["A", "B", "C"], third.Metrics.Select(m => m.AgentId));
        Assert.Equal(2, third.Metrics.Single(m => m.AgentId == "A").AnsweredCalls);
    }

    [Fact]
    public async Task A_redelivered_duplicate_event_changes_nothing_and_scores_nothing()
    {
        var day = new DateOnly(2026, 7, 2);
        await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
        var copy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));
        var before = await StorageSnapshot.TakeAsync(Host.Storage);

        var again = await Host.DeliverAsync(copy.Event);
        var third = await Host.DeliverAsync(copy.Event);

        Assert.Empty((await StorageSnapshot.TakeAsync(Host.Storage)).ChangedSince(before));
        Assert.Empty(again.ScoreRequests);
        Assert.Empty(third.ScoreRequests);
        Assert.Single(await Host.StatusesAsync(ExportKind.Calls, day), s => s.Source == "north (1)");
    }

    [Fact]
    public async Task When_the_first_file_is_corrected_the_copy_stays_a_duplicate_and_does_not_start_counting()
    {
        var day = new DateOnly(2026, 7, 3);
        var first = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
        var copy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));

        var corrected = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Calls(day, ("c1", "A", 150)));

        Assert.Equal(ImportStatus.Accepted, corrected.Status.Status);
        Assert.Equal(first.Status.ImportId, corrected.Status.Supersedes);
        // Only the correction counts: A's one call of 150 s, B gone (and scored again, its day now empty).
        var a = Assert.Single(corrected.Metrics);
        Assert.Equal(("A", 1, 150L), (a.AgentId, a.AnsweredCalls, a.TalkSeconds));
        Assert.Equal(["A", "B"], corrected.Reply.AgentsToScore.Distinct().Order());
        var statuses = await Host.StatusesAsync(ExportKind.Calls, day);
        Assert.Equal(ImportStatus.Duplicate, statuses.Single(s => s.Source == "north (1)").Status);

        // The copy's bytes dropped again under the copy's name are a repeat of its duplicate: still nothing counts.
        var redropped = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));
        Assert.Equal(ImportStatus.Duplicate, redropped.Status.Status);
        Assert.Equal(first.Status.ImportId, redropped.Status.DuplicateOf);
        Assert.Equal(corrected.Metrics, redropped.Metrics);

        // Dropped as the file of the source they belong to, the original bytes come back in force.
        var restored = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
        Assert.Equal(ImportStatus.Accepted, restored.Status.Status);
        Assert.Equal(first.Status.ImportId, restored.Status.ImportId);
        Assert.Equal(first.Metrics, restored.Metrics);
        Assert.NotEqual(copy.Status.ImportId, restored.Status.ImportId);
    }

    [Fact]
    public async Task A_copy_dropped_over_another_file_of_its_source_withdraws_that_file()
    {
        var day = new DateOnly(2026, 7, 4);
        await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Export(day));
        var other = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Calls(day, ("x1", "C", 400)));
        Assert.Equal(["A", "B", "C"], other.Metrics.Select(m => m.AgentId));

        var copy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Export(day));

        Assert.Equal(ImportStatus.Duplicate, copy.Status.Status);
        Assert.Equal(other.Status.ImportId, copy.Status.Supersedes);
        Assert.Equal(["A", "B"], copy.Metrics.Select(m => m.AgentId));
        Assert.Contains("C", copy.Reply.AgentsToScore);
    }

    [Fact]
    public async Task A_copy_of_awards_counts_once_and_a_copy_of_a_rejected_file_is_rejected_on_its_own()
    {
        var day = new DateOnly(2026, 7, 5);
        const string header = "agent_id,date,item,level\n";
        var bytes = Utf8(header + $"A,{day:yyyy-MM-dd},honour,center\n");
        var first = await ImportAsync($"awards/{day:yyyy-MM-dd}/hr.csv", bytes);
        var copy = await ImportAsync($"awards/{day:yyyy-MM-dd}/hr (1).csv", bytes);
        // A rejected file is never what a copy is a duplicate of: the copy is read and rejected on its own.
        var rejected = await ImportAsync($"calls/{day:yyyy-MM-dd}/north.csv", Utf8("call_id\nx\n"));
        var rejectedCopy = await ImportAsync($"calls/{day:yyyy-MM-dd}/north (1).csv", Utf8("call_id\nx\n"));

        Assert.Equal(ImportStatus.Accepted, first.Status.Status);
        Assert.Equal(ImportStatus.Duplicate, copy.Status.Status);
        Assert.Single(await EntryStores.Awards(Host.Storage).GetInForceAsync(new(2026, 7), default), a => a.Value.Date == day);
        Assert.Equal(ImportStatus.Rejected, rejected.Status.Status);
        Assert.Equal(ImportStatus.Rejected, rejectedCopy.Status.Status);
        Assert.Null(rejectedCopy.Status.DuplicateOf);
    }
}
