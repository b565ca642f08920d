using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Serverless.Domain.Metrics;
using Serverless.Domain.Points;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Api;

/// <summary><c>GET /api/agents/{agentId}/points?from=&amp;to=</c>: every point explains itself.</summary>
public static class PointsApi
{
    /// <summary>A year and a day: enough for any annual review, and it bounds what one call returns.</summary>
    public const int MaxRangeDays = 366;

    public static IEndpointRouteBuilder MapPointsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/agents/{agentId}/points").WithTags("Points")
            .MapGet("", GetAsync).WithName("GetAgentPoints").RequireAuthorization(ApiRoles.ReadPolicy);
        return routes;
    }

    private static async Task<Results<Ok<PointsResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string agentId, string? from, string? to,
        IRosterStore roster, IRulesStore rules, [FromServices] ILedger ledger, [FromServices] IAgentMonthStore months, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ApiInput.IsValidId(agentId)) errors["agentId"] = [ApiInput.IdRule("agentId")];
        var today = new BusinessCalendar(clock).Today;
        // Defaults: the current month so far, the view an agent asks for most.
        var end = today;
        var start = YearMonth.Of(today).FirstDay;
        if (to is not null && !ApiInput.TryDate(to, out end)) errors["to"] = ["to must be a date, yyyy-MM-dd."];
        if (from is not null && !ApiInput.TryDate(from, out start)) errors["from"] = ["from must be a date, yyyy-MM-dd."];
        else if (from is null && to is not null) start = YearMonth.Of(end).FirstDay;
        if (errors.Count == 0 && end < start) errors["to"] = ["to is before from; the range includes both days."];
        if (errors.Count == 0 && end.DayNumber - start.DayNumber >= MaxRangeDays) errors["from"] = [$"The range is at most {MaxRangeDays} days; ask year by year."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        var known = await roster.GetAsync([agentId], cancellationToken);
        if (!known.ContainsKey(agentId)) return ApiProblem.NotFound($"Agent {agentId} is not on the roster.");
        return TypedResults.Ok(await StatementAsync(agentId, start, end, rules, ledger, months, cancellationToken));
    }

    /// <summary>The statement the route answers (also the web app's agent page): ledger plus open days, every month totalled.</summary>
    internal static async Task<PointsResponse> StatementAsync(
        string agentId, DateOnly start, DateOnly end, IRulesStore rules, ILedger ledger, IAgentMonthStore months, CancellationToken cancellationToken)
    {
        var book = await rules.GetBookAsync(cancellationToken);
        // Cumulative counts every month ever scored, so the history starts where the first rules version did:
        // nothing can be scored before it, which bounds the read by the scheme's lifetime, not by the caller.
        var epoch = YearMonth.Of(book.Versions[0].EffectiveFrom).FirstDay;
        var history = (await ledger.GetAsync(agentId, epoch < start ? epoch : start, YearMonth.Of(end).LastDay, cancellationToken)).ToList();
        await AddOpenDaysAsync(history, agentId, start, end, months, cancellationToken);

        return Response(PointsStatement.Build(agentId, history, book, start, end));
    }

    /// <summary>
    /// Days scored but not yet in the ledger (e.g. written only to the agent's running month) still count, so an agent
    /// sees today's provisional points; a ledger row for the same day and rule wins.
    /// </summary>
    private static async Task AddOpenDaysAsync(List<StoredLedgerEntry> history, string agentId, DateOnly start, DateOnly end, IAgentMonthStore months, CancellationToken cancellationToken)
    {
        var seen = history.Select(e => (e.Entry.Period, e.Entry.Rule)).ToHashSet();
        for (var month = YearMonth.Of(start); month.CompareTo(YearMonth.Of(end)) <= 0; month = YearMonth.Of(month.FirstDay.AddMonths(1)))
        {
            var record = await months.GetAsync(agentId, month, cancellationToken);
            foreach (var day in record?.Days ?? [])
            {
                foreach (var entry in day.Entries)
                {
                    if (seen.Add((entry.Period, entry.Rule))) history.Add(new StoredLedgerEntry(entry, day.ImportIdsOf(entry)));
                }
            }
        }
    }

    private static PointsResponse Response(PointsStatement s) => new(
        s.AgentId, s.From, s.To, s.Cumulative, s.Stars,
        s.Entries.Select(e => new PointsEntry(
            e.Entry.Period.Key, e.Entry.Period.Kind == LedgerPeriodKind.Day ? "day" : "month", e.Entry.Rule, DimensionName(e.Entry.Dimension),
            e.Entry.Points, e.Entry.Inputs, e.Entry.Reason, e.Entry.RulesVersion, e.Entry.Department, e.ImportIds)).ToList(),
        s.Months.Select(m => new MonthPointsResponse(
            m.Month.ToString(), m.Closed,
            m.Dimensions.ToDictionary(d => DimensionName(d.Dimension), d => new DimensionPoints(d.Earned, d.Counted)),
            m.Points, m.CumulativeAfter, m.Stars)).ToList(),
        s.Months.Select(m => new GrowthPoint(m.Month.ToString(), m.CumulativeAfter, m.Stars)).ToList());

    /// <summary>The dimension's name as rules files and the ledger spell it (dailyBehaviour, workQuality, …).</summary>
    private static string DimensionName(Dimension dimension) => JsonSerializer.Serialize(dimension).Trim('"');
}
