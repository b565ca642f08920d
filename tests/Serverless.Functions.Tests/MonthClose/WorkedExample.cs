using Microsoft.Extensions.Time.Testing;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;
using Serverless.Testing;

namespace Serverless.Functions.Tests.MonthClose;

/// <summary>The worked example's storage (its own Azurite), seeded as <see cref="WorkedExampleTests"/> describes and closed once by the timer.</summary>
public sealed class WorkedExample : IAsyncLifetime
{
    public static readonly YearMonth October = new(2026, 10);
    public const string Hyperlink = "=HYPERLINK(\"http://x\",\"y\")";
    private readonly AzuriteFixture _azurite = new();

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.FromHours(8)));
    public HandlerHost Handler { get; private set; } = null!;
    public string TimerLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Handler = new HandlerHost(MonthCloseHost.Options(_azurite.ConnectionString, Clock));
        var roster = new List<RosterRecord>
        {
            MonthData.Person("W01", "张伟"),
            MonthData.Person("W02", Hyperlink),
            MonthData.Person("W03", "李娜"),
            MonthData.Person("L01", "王芳", status: RosterStatus.Left),
            MonthData.Person("A01", "刘洋"),
        };
        for (var i = 4; i <= 20; i++) roster.Add(MonthData.Person($"W{i:D2}", $"坐席{i:D2}", i >= 10 ? "客服二部" : "客服一部"));
        await Handler.Get<IRosterStore>().UpsertAsync(roster, default);

        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "W01", October, 3m);
        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "W02", October, 2.5m);
        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "W03", October, 2.5m);
        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "W04", October, 2.25m);
        for (var i = 5; i <= 20; i++) await MonthData.PutTwoDaysAsync(Handler.AgentMonths, $"W{i:D2}", October, 2m);
        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "L01", October, 3m);
        await MonthData.PutTwoDaysAsync(Handler.AgentMonths, "X01", October, 3m);

        await Handler.Get<IEntryStore<AwardRecord>>().AddAsync(new Entry<AwardRecord>
        {
            Id = "award-1",
            Value = new AwardRecord("W01", new DateOnly(2026, 10, 8), AwardItem.Honour, AwardLevel.Center, "优秀坐席"),
            Source = "api:test",
            RecordedAt = Clock.GetUtcNow(),
        }, default);
        await Handler.Get<IStandingStore>().RecordMonthAsync(October.Previous, 1,
            [new ClosedMonthPoints("W01", October.Previous, 1, 190m, 0), new ClosedMonthPoints("W05", October.Previous, 1, 100m, 2)], default);
        TimerLog = await Handler.RunTimerAsync();
    }

    public async Task DisposeAsync()
    {
        await Handler.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
