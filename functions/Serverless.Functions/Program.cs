using Serverless.Functions;
using Serverless.Functions.Api;
using Serverless.Functions.Invocations;
using Serverless.Functions.Web;

var builder = WebApplication.CreateSlimBuilder(args);
builder.ListenOnCustomHandlerPort();
try
{
    builder.Services.AddServerlessFunctions(builder.Configuration);
}
catch (TestingClockRefusedException error)
{
    Console.Error.WriteLine($"The handler cannot start: {error.Message}");
    return 1;
}

var app = builder.Build();
app.UseApiErrors();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBodyLimits();
app.UseAuditTrail();
app.MapGet("/", () => Results.Ok(new { status = "ready" })).ExcludeFromDescription();
app.MapInvocations();
app.MapHealthApi();
app.MapAgentsApi();
app.MapPointsApi();
app.MapAwardsApi();
app.MapAdjustmentsApi();
app.MapMonthsApi();
app.MapJobsApi();
app.MapImportsApi();
app.MapRulesApi();
app.MapTalentApi();
app.MapPayrollApi();
app.MapInquiriesApi();
app.MapAuditApi();
app.MapHrApiDocument();
app.MapWebApp();
try
{
    app.Run();
}
catch (Exception error) when (error is Serverless.Storage.StorageConfigurationException or Microsoft.Extensions.Options.OptionsValidationException)
{
    // A setting that cannot work is one sentence for whoever reads the host's log, not a stack trace.
    Console.Error.WriteLine($"The handler cannot start: {error.Message}");
    return 1;
}
return 0;

/// <summary>The handler's entry point (public for the in-process test server).</summary>
public partial class Program;
