using System.Text.Json;
using Serverless.CustomHandler;
using Serverless.Testing;

namespace Serverless.Functions.Tests;

/// <summary>The contract library reads the host's encodings of metadata and trigger values, whatever this process's zone.</summary>
public sealed class HostFormsTests
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    [Fact]
    public void Service_Bus_metadata_reads_numbers_and_strings_as_the_host_encodes_them()
    {
        using var fixture = JsonDocument.Parse(HostFixtures.Read("ScoreAgentDays.serviceBus.json"));

        var metadata = fixture.RootElement.GetProperty("Metadata").Deserialize<InvocationMetadata>(Options)!;

        Assert.Equal(1, metadata.DeliveryCount);
        Assert.Equal("a3f1c2d4e5b64f7a8b9c0d1e2f3a4b5c", metadata.MessageId);
        Assert.Equal("ScoreAgentDays", metadata.Sys?.MethodName);
    }

    [Theory]
    [InlineData("""{"DeliveryCount":"3","MessageId":"\"m-1\""}""", 3, "m-1")]
    [InlineData("""{"DeliveryCount":3,"MessageId":"m-1"}""", 3, "m-1")]
    public void A_redelivery_is_recognised_in_the_host_form_and_the_plain_one(string json, int count, string id)
    {
        var metadata = JsonSerializer.Deserialize<InvocationMetadata>(json, Options)!;

        Assert.Equal(count, metadata.DeliveryCount);
        Assert.Equal(id, metadata.MessageId);
    }

    [Fact]
    public void RetryContext_reads_the_retry_and_keeps_the_previous_exception()
    {
        var metadata = JsonSerializer.Deserialize<InvocationMetadata>(
            """{"RetryContext":{"RetryCount":2,"MaxRetryCount":5,"Exception":{"ClassName":"X","Message":"boom"},"Instance":null,"State":{}}}""", Options)!;

        Assert.Equal(2, metadata.RetryContext!.RetryCount);
        Assert.Equal(5, metadata.RetryContext.MaxRetryCount);
        Assert.Equal("boom", metadata.RetryContext.Exception!.Value.GetProperty("Message").GetString());
    }

    [Fact]
    public void The_close_timers_exponential_backoff_waits_as_the_hosts_randomized_strategy_does_at_its_middle()
    {
        // PublishMonth's function.json: 30 s minimum, 15 min maximum. The host adds 2^(n-2) × minimum (±20 %) after the first.
        var retry = new RetryDefinition { Strategy = "exponentialBackoff", MaxRetryCount = 5, MinimumInterval = TimeSpan.FromSeconds(30), MaximumInterval = TimeSpan.FromMinutes(15) };

        Assert.Equal([30, 60, 90, 150, 270, 510, 900], Enumerable.Range(1, 7).Select(n => retry.Delay(n).TotalSeconds));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00", null)]
    [InlineData("0001-01-01T00:00:00", null)]
    [InlineData("0001-01-01T00:00:00+08:00", null)]
    [InlineData("2026-11-30T18:00:00+00:00", "2026-11-30T18:00:00+00:00")]
    [InlineData("2026-12-01T02:00:00+08:00", "2026-12-01T02:00:00+08:00")]
    // Offset-less (a DateTime of unspecified kind): the host's clock, UTC on Linux.
    [InlineData("2026-11-30T18:00:00", "2026-11-30T18:00:00+00:00")]
    public void Timer_status_dates_read_in_every_form_the_host_writes(string written, string? expected)
    {
        var json = $$"""{"Last":"{{written}}","Next":"{{written}}","LastUpdated":"{{written}}"}""";

        var status = JsonSerializer.Deserialize<TimerScheduleStatus>(json)!;

        // Compared as text: the same instant at another offset would be another reading.
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).ToString("O"), status.Last?.ToString("O"));
    }

    [Fact]
    public void The_recorded_Event_Grid_event_reads_down_to_the_blob_created_data()
    {
        using var fixture = JsonDocument.Parse(HostFixtures.Read("ParseExport.eventGrid.json"));

        var value = fixture.RootElement.GetProperty("Data").GetProperty("eventGridEvent").Deserialize<TriggerValue<GridEvent>>()!.Value;

        Assert.Equal("5c1a2a70-101e-0034-6c1d-9d2f3a06a1b4", value.Id);
        Assert.Equal(("exports", "calls/2026-10-01/north-center.csv"), value.BlobLocation());
        Assert.Equal(524288, value.BlobCreated!.ContentLength);
        Assert.Equal(new Uri("https://pointsexports.blob.core.windows.net/exports/calls/2026-10-01/north-center.csv"), value.BlobCreated.Url is null ? null : new Uri(value.BlobCreated.Url));
    }
}
