using System.Text.Json;
using Serverless.CustomHandler;

namespace Serverless.Functions.Invocations;

/// <summary>
/// One <c>POST /{FunctionName}</c> route per non-HTTP function, as the Functions host calls a custom handler.
/// A payload that does not read is a 400 with the reason; a function that fails is a 500 (the host retries or
/// redelivers); neither ever carries a stack trace.
/// </summary>
public static class InvocationEndpoints
{
    public static IEndpointRouteBuilder MapInvocations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").ExcludeFromDescription();
        group.MapPost("/ParseExport", (HttpContext http, ParseExportFunction function) =>
            InvokeAsync<ParseExportData, ParseExportOutputs>(http, "ParseExport", function.RunAsync));
        group.MapPost("/ScoreAgentDays", (HttpContext http, ScoreAgentDaysFunction function) =>
            InvokeAsync<ScoreAgentDaysData, NoOutputs>(http, "ScoreAgentDays", function.RunAsync));
        group.MapPost("/PublishMonth", (HttpContext http, PublishMonthFunction function) =>
            InvokeAsync<PublishMonthData, NoOutputs>(http, "PublishMonth", function.RunAsync));
        group.MapPost("/RefreshProvisional", (HttpContext http, RefreshProvisionalFunction function) =>
            InvokeAsync<PublishMonthData, NoOutputs>(http, "RefreshProvisional", function.RunAsync));
        group.MapPost("/RescoreJobs", (HttpContext http, RescoreJobsFunction function) =>
            InvokeAsync<RescoreJobsData, NoOutputs>(http, "RescoreJobs", function.RunAsync));
        group.MapPost("/RescoreJobsPoison", (HttpContext http, RescoreJobsPoisonFunction function) =>
            InvokeAsync<RescoreJobsData, NoOutputs>(http, "RescoreJobsPoison", function.RunAsync));
        return routes;
    }

    private static async Task<IResult> InvokeAsync<TData, TOutputs>(
        HttpContext http,
        string functionName,
        Func<InvocationRequest<TData>, CancellationToken, Task<InvocationResponse<TOutputs>>> run)
        where TData : class
    {
        InvocationRequest<TData>? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<InvocationRequest<TData>>(http.Request.Body, PayloadJson.Options, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return BadPayload(functionName, $"the body is not a {functionName} invocation: {ex.Message}");
        }
        if (request?.Data is null)
        {
            return BadPayload(functionName, "the body has no Data.");
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + functionName);
        try
        {
            var response = await run(request, http.RequestAborted);
            return Results.Json(response, PayloadJson.Options);
        }
        catch (InvocationDataException ex)
        {
            return BadPayload(functionName, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            if (StorageFaults.Describe(ex) is { } fault)
            {
                Log.InvocationStorageFault(logger, functionName, fault);
                Log.InvocationStorageFaultDetail(logger, functionName, ex);
            }
            else
            {
                Log.InvocationFailed(logger, functionName, ex);
            }
            return Results.Problem(
                title: $"{functionName} failed",
                detail: ex.Message,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult BadPayload(string functionName, string detail) =>
        Results.Problem(title: $"{functionName}: malformed invocation payload", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
