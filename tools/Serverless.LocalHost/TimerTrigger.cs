using System.Text.Json;
using System.Text.Json.Nodes;
using NCrontab;
using Serverless.CustomHandler;

namespace Serverless.LocalHost;

/// <summary>
/// Fires one <c>timerTrigger</c> function on its NCRONTAB schedule (six fields, seconds first) in the app's
/// time zone (<c>WEBSITE_TIME_ZONE</c>), and on demand through <see cref="RunNowAsync"/>.
/// Runs of one timer never overlap, as the host's singleton lock ensures.
/// </summary>
public sealed class TimerTrigger(
    FunctionDefinition function,
    LocalHostOptions options,
    FunctionInvoker invoker,
    TimeProvider clock,
    ILogger<TimerTrigger> logger) : BackgroundService
{
    private readonly SemaphoreSlim _singleton = new(1, 1);
    private DateTimeOffset _last;

    public string FunctionName => function.Name;

    public CrontabSchedule Schedule { get; } = ParseSchedule(function, options);

    public TimeZoneInfo TimeZone { get; } = ResolveTimeZone(options);

    /// <summary>The next firing after <paramref name="after"/>, computed in the app's time zone.</summary>
    public DateTimeOffset NextOccurrence(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, TimeZone).DateTime;
        var next = Schedule.GetNextOccurrence(local);
        return new DateTimeOffset(next, TimeZone.GetUtcOffset(next));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.EnableTimers) return;
        Log.TriggerListening(logger, function.Name, "timerTrigger", $"{function.Trigger.Schedule} ({TimeZone.Id})");
        _last = clock.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = NextOccurrence(clock.GetUtcNow());
            var wait = next - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, stoppingToken);
            await RunAsync(isPastDue: false, stoppingToken);
        }
    }

    /// <summary>Runs the function now (the host's <c>POST /admin/functions/{name}</c>).</summary>
    public Task<InvocationOutcome> RunNowAsync(CancellationToken cancellationToken) => RunAsync(isPastDue: false, cancellationToken);

    private async Task<InvocationOutcome> RunAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        await _singleton.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var info = new TimerInfo
            {
                Schedule = new TimerSchedule(AdjustForDst: true),
                ScheduleStatus = new TimerScheduleStatus(_last == default ? now : _last, NextOccurrence(now), now),
                IsPastDue = isPastDue,
            };
            var data = new JsonObject { [function.Trigger.Name] = JsonSerializer.SerializeToNode(info) };
            var outcome = await invoker.InvokeAsync(function, data, new JsonObject(), cancellationToken);
            _last = now;
            return outcome;
        }
        finally
        {
            _singleton.Release();
        }
    }

    private static CrontabSchedule ParseSchedule(FunctionDefinition function, LocalHostOptions options)
    {
        var expression = AppSettingReference.Resolve(function.Trigger.Schedule ?? "", options.AppSettings)
            ?? throw new InvalidOperationException($"{function.Name}: the schedule '{function.Trigger.Schedule}' names an app setting that is not set.");
        return CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException($"{function.Name}: '{expression}' is not a six-field NCRONTAB expression (second minute hour day month day-of-week).");
    }

    private static TimeZoneInfo ResolveTimeZone(LocalHostOptions options) =>
        options.AppSettings.TryGetValue("WEBSITE_TIME_ZONE", out var id) && !string.IsNullOrWhiteSpace(id)
            ? TimeZoneInfo.FindSystemTimeZoneById(id)
            : TimeZoneInfo.Utc;
}
