using System.Net;
using System.Reflection;
using System.Text;
using Azure;
using Microsoft.Extensions.Time.Testing;
using Serverless.Application.Ports;
using Serverless.CustomHandler;
using Serverless.Functions.Tests.Ingestion;
using Serverless.Functions.Tests.MonthClose;
using Serverless.Testing;

namespace Serverless.Functions.Tests;

/// <summary>
/// Storage that is busy answers 503 ServerBusy: an expected fault the host or the caller retries. The handler logs it as
/// one Warning line with the status and error code, and keeps the stack trace for Debug.
/// </summary>
public sealed class StorageFaultLogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_busy_table_service_is_one_warning_line_with_its_status_and_code_for_the_timer_and_the_HR_API()
    {
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 9, 1, 2, 0, 0, TimeSpan.FromHours(8)));
        await using var handler = new HandlerHost(MonthCloseHost.Options(azurite.ConnectionString, clock).Replace(BusyRules()) with { Logs = logs });

        var now = clock.GetUtcNow();
        var timer = HostPayloads.TimerInvocation("PublishMonth", "timer", new TimerInfo
        {
            Schedule = new TimerSchedule(AdjustForDst: true),
            ScheduleStatus = new TimerScheduleStatus(now.AddMonths(-1), now.AddMonths(1), now.AddMonths(-1)),
            IsPastDue = false,
        }, now);
        using var close = await handler.Client.PostAsync("/PublishMonth", new StringContent(timer.ToJsonString(), Encoding.UTF8, "application/json"));
        using var rules = await handler.Reader().GetAsync("/api/rules");

        Assert.Equal(HttpStatusCode.InternalServerError, close.StatusCode); // the host's retry policy runs it again
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rules.StatusCode);
        var lines = logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Warning: PublishMonth failed: storage status 503 ServerBusy", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Warning: GET /api/rules answered 503: storage status 503 ServerBusy", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => (l.Contains(" Warning: ", StringComparison.Ordinal) || l.Contains(" Error: ", StringComparison.Ordinal)) && l.Contains("   at ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" Debug: PublishMonth failed on storage", StringComparison.Ordinal) && l.Contains("   at ", StringComparison.Ordinal));
    }

    /// <summary>A rules store every call of which the table service refuses with 503 ServerBusy (after the SDK's retries).</summary>
    private static IRulesStore BusyRules()
    {
        var store = DispatchProxy.Create<IRulesStore, BusyProxy>();
        return store;
    }

    public class BusyProxy : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
    }
}
