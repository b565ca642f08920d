using Serverless.Domain.Jobs;
using Serverless.Domain.Metrics;

namespace Serverless.Domain.Tests.Jobs;

public sealed class RescoreJobTests
{
    private static readonly YearMonth March = new(2026, 3);
    private static readonly DateOnly First = new(2026, 3, 1);
    private static readonly DateOnly Second = new(2026, 3, 2);

    private static RescoreJob Planned() =>
        RescoreJob.Plan("job-1", March, "rules v2", new Dictionary<DateOnly, int> { [Second] = 5, [First] = 3, [new(2026, 3, 3)] = 0 });

    [Fact]
    public void A_planned_job_counts_agent_days_and_starts_with_the_earliest_day()
    {
        var job = Planned();
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(8, job.AgentDaysTotal);
        Assert.Equal(0, job.AgentDaysDone);
        Assert.Equal(First, job.NextDay);
    }

    [Fact]
    public void A_day_completed_twice_counts_once()
    {
        var job = Planned().CompleteDay(First).CompleteDay(First);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal(3, job.AgentDaysDone);
        Assert.Equal(8, job.AgentDaysTotal);
        Assert.Equal(Second, job.NextDay);
    }

    [Fact]
    public void The_job_succeeds_when_every_day_is_done_and_ignores_a_late_redelivery()
    {
        var job = Planned().CompleteDay(First).CompleteDay(Second);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Null(job.NextDay);
        Assert.Equal(job, job.CompleteDay(First));
        Assert.Equal(8, job.CompleteDay(Second).AgentDaysDone);
    }

    [Fact]
    public void A_month_with_nothing_to_score_succeeds_at_once()
    {
        var job = RescoreJob.Plan("job-2", March, "rules v2", new Dictionary<DateOnly, int>());
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(0, job.AgentDaysTotal);
    }

    [Fact]
    public void A_failed_job_keeps_its_progress_and_reason_and_takes_no_more_days()
    {
        var job = Planned().CompleteDay(First).Fail("message moved to rescore-jobs-poison after 5 deliveries");
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.AgentDaysDone);
        Assert.Contains("poison", job.Error);
        Assert.Equal(3, job.CompleteDay(Second).AgentDaysDone);
        Assert.Equal(JobStatus.Succeeded, Planned().CompleteDay(First).CompleteDay(Second).Fail("late").Status);
    }

    [Fact]
    public void A_day_outside_the_month_is_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            RescoreJob.Plan("job-3", March, "x", new Dictionary<DateOnly, int> { [new(2026, 4, 1)] = 1 }));
    }

    [Fact]
    public void A_queued_job_is_planned_once_and_then_runs_its_days()
    {
        var at = new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero);
        var queued = RescoreJob.Queue("job-4", March, "rules v2", "hr", at);
        Assert.Equal((JobStatus.Queued, false, 0), (queued.Status, queued.Planned, queued.DaysTotal));

        var planned = queued.WithPlan(new Dictionary<DateOnly, int> { [First] = 3, [Second] = 5 }, agents: 6);
        Assert.Equal((JobStatus.Running, true, 2, 8, 6), (planned.Status, planned.Planned, planned.DaysTotal, planned.AgentDaysTotal, planned.Agents));
        // A redelivered planning message finds the job planned and changes nothing, even with other counts.
        Assert.Same(planned, planned.WithPlan(new Dictionary<DateOnly, int> { [First] = 30 }, agents: 30));
        Assert.Equal((1, 3), (planned.CompleteDay(First).DaysDone, planned.CompleteDay(First).AgentDaysDone));
        Assert.Equal(JobStatus.Succeeded, queued.WithPlan(new Dictionary<DateOnly, int>(), 0).Status);
    }

    [Fact]
    public void A_failed_attempt_is_remembered_until_the_day_is_done_and_a_failed_job_keeps_its_first_reason()
    {
        var job = Planned().AttemptFailed("table service unavailable");
        Assert.Equal(("table service unavailable", JobStatus.Queued), (job.LastError, job.Status));
        Assert.Null(job.CompleteDay(First).LastError);
        var failed = job.Fail("moved to poison");
        Assert.Equal("moved to poison", failed.Fail("again").Error);
    }
}
