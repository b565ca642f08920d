using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.Ports;
using Serverless.Domain.Publishing;

namespace Serverless.Functions.Api;

/// <summary>
/// <c>GET /api/talent?top=26&amp;minStars=3&amp;minTenureMonths=12</c>: the talent pool (成长通道), top active agents by
/// cumulative points as of the latest published month, with tenure measured to today.
/// </summary>
public static class TalentApi
{
    public const int MaxTop = 500;

    public static IEndpointRouteBuilder MapTalentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/talent").WithTags("Talent")
            .MapGet("", GetAsync).WithName("GetTalentPool").RequireAuthorization(ApiRoles.ReadPolicy);
        return routes;
    }

    private static async Task<Results<Ok<TalentResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        int? top, int? minStars, int? minTenureMonths, IPublishedMonths published, IRosterStore roster, IRulesStore rules, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (top is < 1 or > MaxTop) errors["top"] = [$"top must be between 1 and {MaxTop}."];
        if (minStars is < 0 or > 10) errors["minStars"] = ["minStars must be between 0 and 10."];
        if (minTenureMonths is < 0 or > 600) errors["minTenureMonths"] = ["minTenureMonths must be between 0 and 600."];
        if (errors.Count > 0) return ApiProblem.Invalid(errors);

        if (await published.GetLatestMonthAsync(cancellationToken) is not { } month || await published.GetLatestVersionAsync(month, cancellationToken) is not { } version)
        {
            return ApiProblem.NotFound("No month has been published yet; the talent pool reads cumulative points from the latest published ranking.");
        }
        await using var file = await published.OpenFileAsync(month, version, MonthPublication.RankingJsonName, cancellationToken);
        if (file is null) return ApiProblem.NotFound($"{month} version {version} has no ranking.json.");
        using var buffer = new MemoryStream();
        await file.Content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var ranking = RankingJson.Read(buffer);

        var people = await roster.GetAsync(ranking.Rows.Select(r => r.AgentId).ToList(), cancellationToken);
        var today = new BusinessCalendar(clock).Today;
        var book = await rules.GetBookAsync(cancellationToken);
        var stars = (book.InForceOn(today) ?? book.Versions[0]).Stars;
        // The published row is the agent's standing after that month; stars never drop, so the row's stars carry.
        var standings = ranking.Rows.Select(r =>
        {
            people.TryGetValue(r.AgentId, out var person);
            return new AgentMonthStanding
            {
                AgentId = r.AgentId, Name = r.Name, Department = person?.Department ?? r.Department, Specialty = person?.Specialty ?? r.Specialty,
                Team = person?.Team ?? r.Team, Active = person?.Status == RosterStatus.Active, ScheduledDays = 0, MonthPoints = 0m,
                CumulativeBefore = r.CumulativeAfter, PreviousStars = r.Stars, HireDate = person?.HireDate,
            };
        });
        var criteria = new TalentPoolCriteria(top ?? 26, minStars ?? 0, minTenureMonths ?? 0, today);
        return TypedResults.Ok(new TalentResponse(month.ToString(), version, today, criteria.Top, criteria.MinStars, criteria.MinTenureMonths,
            TalentPool.Select(standings, stars, criteria)));
    }
}

/// <summary>The talent pool and what it was selected from.</summary>
public sealed record TalentResponse(string BasedOnMonth, int Version, DateOnly AsOf, int Top, int MinStars, int MinTenureMonths, IReadOnlyList<TalentCandidate> Candidates);
