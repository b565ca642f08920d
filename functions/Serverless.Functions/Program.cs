using Serverless.Functions;
using Serverless.Functions.Api;
using Serverless.Functions.Invocations;

var builder = WebApplication.CreateSlimBuilder(args);
builder.ListenOnCustomHandlerPort();
builder.Services.AddServerlessFunctions(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/", () => Results.Ok(new { status = "ready" })).ExcludeFromDescription();
app.MapInvocations();
app.MapHealthApi();
app.Run();

/// <summary>The handler's entry point (public for the in-process test server).</summary>
public partial class Program;
