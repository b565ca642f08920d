using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Serverless.Testing.Storage;

namespace Serverless.Functions.Tests.TableWire;

/// <summary>
/// The partition benchmark's counting at the wire: requests as Azure.Data.Tables sends them (captured from the SDK by a
/// handler that never reaches a network) read back as the right (table, partition) per entity written.
/// </summary>
public sealed class TableWritesTests
{
    [Fact]
    public async Task A_batch_counts_each_changeset_entity_in_its_table_and_partition()
    {
        var captured = await CaptureAsync(table => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("2026-10", "A1|2026-10-01|efficiency") { ["Points"] = 1.5 }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("2026-10", "A1|2026-10-01|attendance")),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity("2026-10", "A2|it's|quoted")),
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("2026-10", "A3|2026-10-01|adherence")),
        ]));

        var writes = await TableWrites.ParseAsync(captured.Method, captured.Path, captured.ContentType, captured.Body);

        Assert.Equal(Enumerable.Repeat(new TableWrite("Ledger", "2026-10"), 4), writes);
    }

    [Fact]
    public async Task A_single_insert_counts_from_its_body_and_an_upsert_from_its_url()
    {
        var insert = await CaptureAsync(table => table.AddEntityAsync(new TableEntity("2026-10-01", "B000123") { ["N"] = 71 }));
        var upsert = await CaptureAsync(table => table.UpsertEntityAsync(new TableEntity("it's a key", "r/1")));
        var read = await CaptureAsync(table => table.GetEntityAsync<TableEntity>("2026-10-01", "B000123"));

        Assert.Equal([new TableWrite("Ledger", "2026-10-01")], await TableWrites.ParseAsync(insert.Method, insert.Path, insert.ContentType, insert.Body));
        Assert.Equal([new TableWrite("Ledger", "it's a key")], await TableWrites.ParseAsync(upsert.Method, upsert.Path, upsert.ContentType, upsert.Body));
        Assert.Empty(await TableWrites.ParseAsync(read.Method, read.Path, read.ContentType, read.Body));
    }

    [Theory]
    [InlineData("2026-10", "2026-10")]
    [InlineData("2026-10-01", "2026-10-01")]
    [InlineData("roster", "roster")]
    [InlineData("B000123", "x######")]
    [InlineData("坐席12", "xx##")]
    public void A_printed_partition_shows_a_month_day_or_constant_and_masks_the_rest(string key, string printed) =>
        Assert.Equal(printed, TableWrites.Pattern(key));

    private static async Task<(string Method, string Path, string? ContentType, byte[] Body)> CaptureAsync(Func<TableClient, Task> send)
    {
        var handler = new Capture();
        var table = new TableClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:9/devstoreaccount1;",
            "Ledger",
            new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)), Retry = { MaxRetries = 0 } });
        try { await send(table); }
        catch (Exception) { /* the canned answer does not satisfy every SDK call; only the request matters */ }
        return handler.Request ?? throw new InvalidOperationException("The SDK sent nothing.");
    }

    private sealed class Capture : HttpMessageHandler
    {
        public (string Method, string Path, string? ContentType, byte[] Body)? Request { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Request = (request.Method.Method, request.RequestUri!.PathAndQuery, request.Content?.Headers.ContentType?.ToString(), body);
            return new HttpResponseMessage(System.Net.HttpStatusCode.NoContent);
        }
    }
}
