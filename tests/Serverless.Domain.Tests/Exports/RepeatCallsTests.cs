using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

/// <summary>Repeat calls (重复来电) counted at parse time from the caller column, which is never kept.</summary>
public sealed class RepeatCallsTests
{
    [Fact]
    public async Task An_answered_call_is_a_repeat_when_its_caller_called_again_that_day()
    {
        // Caller …001 calls A1 at 09:00, then A2 at 11:00 (abandoned, but a call again), then A2 at 15:00: A1's call and
        // A2's 11:00 are repeats, A2's 15:00 is the caller's last. Caller …002 calls A1 once. Caller …003 calls A1 and A2
        // at the same second: both repeats. One call of A1 has no caller number: not identified, never a repeat.
        var file = CallsHeader
            + Call("c1", agent: "A1", start: "2025-03-01 09:00:00", end: "2025-03-01 09:05:00", caller: "13900000001")
            + Call("c2", agent: "A2", start: "2025-03-01 11:00:00", end: "2025-03-01 11:01:00", result: "abandoned", caller: "13900000001")
            + Call("c3", agent: "A2", start: "2025-03-01 15:00:00", end: "2025-03-01 15:05:00", caller: " 13900000001 ")
            + Call("c4", agent: "A1", start: "2025-03-01 10:00:00", end: "2025-03-01 10:05:00", caller: "13900000002")
            + Call("c5", agent: "A1", start: "2025-03-01 12:00:00", end: "2025-03-01 12:05:00", caller: "13900000003")
            + Call("c6", agent: "A2", start: "2025-03-01 12:00:00", end: "2025-03-01 12:05:00", caller: "13900000003")
            + Call("c7", agent: "A1", start: "2025-03-01 13:00:00", end: "2025-03-01 13:05:00", caller: "");

        var result = await ReadAsync(file, ExportKind.Calls);

        Assert.Equal(ImportOutcome.Accepted, result.Outcome);
        var a1 = result.Metrics.Single(m => m.AgentId == "A1");
        var a2 = result.Metrics.Single(m => m.AgentId == "A2");
        Assert.Equal((4, 3, 2), (a1.AnsweredCalls, a1.IdentifiedCalls, a1.RepeatCalls)); // c1 and c5 of c1, c4, c5
        Assert.Equal((2, 2, 1), (a2.AnsweredCalls, a2.IdentifiedCalls, a2.RepeatCalls)); // c6 of c3, c6 (c2 was abandoned)
    }

    [Fact]
    public async Task The_same_file_read_twice_counts_the_same_though_each_read_has_its_own_key()
    {
        var file = CallsHeader + Call("c1", caller: "13900000001") + Call("c2", start: "2025-03-01 10:00:00", end: "2025-03-01 10:05:00", caller: "13900000001");

        var first = Assert.Single((await ReadAsync(file, ExportKind.Calls)).Metrics);
        var second = Assert.Single((await ReadAsync(file, ExportKind.Calls)).Metrics);

        Assert.Equal(first, second);
        Assert.Equal((2, 1), (first.IdentifiedCalls, first.RepeatCalls));
    }

    [Fact]
    public async Task Neither_a_caller_number_nor_anything_derived_from_it_is_in_the_result()
    {
        var file = CallsHeader + Call("c1", caller: "13900000001") + Call("c2", start: "2025-03-01 10:00:00", end: "2025-03-01 10:05:00", caller: "13900000001");

        var result = await ReadAsync(file, ExportKind.Calls);

        // The metrics are counts only: every property of the agent-day is a number, a flag, the id or the date.
        var properties = typeof(Serverless.Domain.Metrics.AgentDayMetrics).GetProperties();
        Assert.All(properties, p => Assert.True(
            p.PropertyType == typeof(int) || p.PropertyType == typeof(long) || p.PropertyType == typeof(bool) || p.PropertyType == typeof(decimal)
            || p.PropertyType == typeof(double?) || p.PropertyType == typeof(DateOnly) || p.Name == "AgentId",
            $"{p.Name} ({p.PropertyType.Name}) could carry a caller-derived value"));
        Assert.DoesNotContain("13900000001", System.Text.Json.JsonSerializer.Serialize(result), StringComparison.Ordinal);
    }
}
