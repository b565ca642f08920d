using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using NCrontab;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Fires one <c>timerTrigger</c> function as the timers extension's <c>TimerListener</c> does:
/// <list type="bullet">
/// <item>on its NCRONTAB schedule (six fields, seconds first) in UTC, as on Flex Consumption and Linux Consumption,
/// where <c>WEBSITE_TIME_ZONE</c> is not supported (a set one is warned about and not used);</item>
/// <item>with <c>useMonitor</c> (the default) the schedule's status is kept in <c>AzureWebJobsStorage</c> at
/// <c>azure-webjobs-hosts/timers/{hostId}/{function}/status</c>: a first run sees <c>Last</c> = "never", and an
/// occurrence missed while the host was down runs at start with <c>IsPastDue</c> = true;</item>
/// <item><c>runOnStartup</c>; the function's <c>retry</c> policy re-runs a failed invocation after its delay;</item>
/// <item>runs of one timer never overlap (the host's singleton lock), and <see cref="RunNowAsync"/> is the admin API's run.</item>
/// </list>
/// </summary>
public sealed class TimerTrigger(
    FunctionDefinition function,
    LocalHostOptions options,
    BlobServiceClient blobs,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<TimerTrigger> logger) : BackgroundService
{
    public const string HostsContainer = "azure-webjobs-hosts";
    private readonly SemaphoreSlim _singleton = new(1, 1);

    public string FunctionName => function.Name;

    public CrontabSchedule Schedule { get; } = ParseSchedule(function, options);

    /// <summary>Schedules are UTC (see the class summary).</summary>
    public static TimeZoneInfo TimeZone => TimeZoneInfo.Utc;

    private bool UseMonitor => function.Trigger.UseMonitor ?? true;

    private BlobClient StatusBlob => blobs.GetBlobContainerClient(HostsContainer).GetBlobClient($"timers/{options.HostId}/Host.Functions.{function.Name}/status");

    /// <summary>The next occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(Schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc), TimeSpan.Zero);

    private TimerScheduleStatus? _startStatus;

    /// <summary>The listener's start: a monitored timer with no stored status gets its first one ("never" run), even with timers off.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (UseMonitor)
        {
            _startStatus = await ReadStatusAsync(cancellationToken);
            if (_startStatus is null) await WriteStatusAsync(new TimerScheduleStatus(null, NextOccurrence(clock.GetUtcNow()), null), cancellationToken);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EnableTimers) return;
        Log.TriggerListening(logger, function.Name, "timerTrigger", $"{function.Trigger.Schedule} (UTC{(UseMonitor ? ", monitored" : "")})");
        var now = clock.GetUtcNow();
        if (_startStatus?.Next is { } due && now > due)
        {
            // The host was down when an occurrence was due: the listener runs it now, past due.
            Log.TimerPastDue(logger, function.Name, due, now - due);
            await RunAsync(isPastDue: true, occurrence: due, stoppingToken);
        }
        if (function.Trigger.RunOnStartup) await RunAsync(isPastDue: false, occurrence: null, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextOccurrence(clock.GetUtcNow());
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            try
            {
                await RunAsync(isPastDue: false, occurrence: next, stoppingToken);
            }
            catch (Exception ex) when (StorageErrors.IsUnavailable(ex))
            {
                // The schedule status could not be read or written: the listener goes on to the next occurrence.
                Log.StorageUnavailable(logger, function.Name, ex.Message);
            }
        }
    }

    /// <summary>
    /// Runs the function now (the host's <c>POST /admin/functions/{name}</c>): the stored status, not past due, and the
    /// function's retry policy, since the admin run goes through the same executor.
    /// </summary>
    public Task<InvocationOutcome> RunNowAsync(CancellationToken cancellationToken) => RunAsync(isPastDue: false, occurrence: null, cancellationToken);

    private async Task<InvocationOutcome> RunAsync(bool isPastDue, DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        await _singleton.WaitAsync(cancellationToken);
        try
        {
            var status = UseMonitor ? await ReadStatusAsync(cancellationToken) : null;
            var info = new TimerInfo { Schedule = new TimerSchedule(AdjustForDst: true), ScheduleStatus = status, IsPastDue = isPastDue };
            var outcome = await InvokeWithRetriesAsync(info, function.Retry, cancellationToken);
            if (UseMonitor)
            {
                var now = clock.GetUtcNow();
                await WriteStatusAsync(new TimerScheduleStatus(occurrence ?? now, NextOccurrence(now), now), cancellationToken);
            }
            return outcome;
        }
        finally
        {
            _singleton.Release();
        }
    }

    /// <summary>
    /// The function-level retry policy: the host's <c>FunctionExecutor</c> invokes again after the policy's delay, up to
    /// <c>maxRetryCount</c> times, within the same trigger firing.
    /// </summary>
    private async Task<InvocationOutcome> InvokeWithRetriesAsync(TimerInfo info, RetryDefinition? retry, CancellationToken cancellationToken)
    {
        string? previousFailure = null;
        for (var attempt = 0; ; attempt++)
        {
            // With a policy every attempt carries RetryContext, the first with RetryCount 0; without one, none does.
            var context = retry is null ? null : new RetryContext(attempt, retry.MaxRetryCount, previousFailure);
            var invocation = HostPayloads.TimerInvocation(function.Name, function.Trigger.Name, info, clock.GetUtcNow());
            var outcome = await invoker.InvokeAsync(function, invocation, cancellationToken, context);
            if (outcome.Succeeded || retry is null || (retry.MaxRetryCount >= 0 && attempt >= retry.MaxRetryCount)) return outcome;
            previousFailure = outcome.Failure;
            var delay = options.FunctionRetryDelay ?? retry.Delay(attempt + 1);
            Log.RetryScheduled(logger, function.Name, attempt + 1, retry.MaxRetryCount, delay);
            await Task.Delay(delay, clock, cancellationToken);
        }
    }

    private async Task<TimerScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await StatusBlob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<TimerScheduleStatus>();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task WriteStatusAsync(TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        await blobs.GetBlobContainerClient(HostsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await StatusBlob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);
    }

    private static CrontabSchedule ParseSchedule(FunctionDefinition function, LocalHostOptions options)
    {
        var expression = AppSettingReference.Resolve(function.Trigger.Schedule ?? "", options.AppSettings)
            ?? throw new InvalidOperationException($"{function.Name}: the schedule '{function.Trigger.Schedule}' names an app setting that is not set.");
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"{function.Name}: '{expression}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
    }
}
