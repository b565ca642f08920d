using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Serverless.Functions.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs of the handler. Exported only where configured, quiet otherwise:
/// <list type="bullet">
/// <item><c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>: to Application Insights (Azure Monitor distro), signing in with the
/// user-assigned identity named in <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=…;Authorization=AAD</c>);</item>
/// <item><c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: to an OTLP collector (all three signals; the standard OTEL_* settings apply);</item>
/// <item><c>Telemetry__Console=true</c>: spans and metrics to the console, for a look on one's own machine.</item>
/// </list>
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "points-handler";
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PipelineTelemetry>();
        // ASP.NET Core's "Request starting/finished" lines print the URL with its query, and the Functions host passes
        // ?code=<function key> through: those lines are off whatever the configured level. The host logs invocations,
        // and the request spans keep the path (their query values are redacted by the instrumentation).
        // A rule for a provider beats a general one, so each provider the handler logs to gets its own.
        services.AddLogging(logging => logging
            .AddFilter(HostingDiagnostics, LogLevel.Warning)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(HostingDiagnostics, LogLevel.Warning)
            .AddFilter<OpenTelemetry.Logs.OpenTelemetryLoggerProvider>(HostingDiagnostics, LogLevel.Warning));
        var console = configuration.GetValue<bool>("Telemetry:Console");
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(PipelineTelemetry.Name).AddAspNetCoreInstrumentation();
                if (console) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.Name).AddAspNetCoreInstrumentation();
                if (console) metrics.AddConsoleExporter();
            });
        var insights = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        if (!string.IsNullOrWhiteSpace(insights))
        {
            var clientId = EntraClientId(configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
            otel.UseAzureMonitor(options =>
            {
                options.ConnectionString = insights;
                if (clientId is not null) options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        }
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithLogging().UseOtlpExporter();
        }
        return services;
    }

    /// <summary>The client id in <c>ClientId=…;Authorization=AAD</c>, as the Functions host reads that setting.</summary>
    public static string? EntraClientId(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication)) return null;
        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var kind) && kind.Equals("AAD", StringComparison.OrdinalIgnoreCase) && parts.TryGetValue("ClientId", out var id) && id.Length > 0 ? id : null;
    }
}
