using System.Text;
using System.Text.Json;
using Serverless.Application.UseCases;
using Serverless.CustomHandler;

namespace Serverless.Functions.Tests;

public sealed class ScoreRequestTests
{
    private static readonly DateOnly Day = new(2026, 10, 1);
    private static readonly ScoreRequestLimits Limits = new(TransportLimits.MaxAgentsPerScoreRequest, TransportLimits.MaxScoreRequestBytes);

    // A storage queue takes 64 KB base64-encoded: 48 KB of message.
    private static int MessageBytes(ScoreRequest r) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(r, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    [Fact]
    public void A_national_day_of_short_ids_is_five_requests_each_in_id_order_and_every_agent_once()
    {
        var ids = Enumerable.Range(1, 20_000).Select(i => $"A{i:000000}").ToList();
        var batches = ScoreRequest.Batches(Day, ids, "norms of 2026-10-01 after import 20261001T000000Z-calls-bench", "imp", Limits).ToList();
        Assert.Equal(5, batches.Count);
        Assert.Equal(ids, batches.SelectMany(b => b.AgentIds));
        Assert.All(batches, b => Assert.True(MessageBytes(b) <= 48 * 1024));
    }

    [Theory]
    [InlineData(40, 'x')]
    [InlineData(40, '中')]
    [InlineData(20, '"')]
    public void Long_or_escaped_ids_make_smaller_requests_that_still_fit_a_storage_queue_message(int length, char c)
    {
        var ids = Enumerable.Range(0, 5_000).Select(i => new string(c, length) + i).ToList();
        var batches = ScoreRequest.Batches(Day, ids, new string('é', 200), new string('i', 100), Limits).ToList();
        Assert.Equal(ids, batches.SelectMany(b => b.AgentIds));
        Assert.All(batches, b => Assert.True(MessageBytes(b) <= 48 * 1024, $"{MessageBytes(b)} bytes"));
        Assert.All(batches, b => Assert.InRange(b.AgentIds.Count, 1, TransportLimits.MaxAgentsPerScoreRequest));
    }
}
