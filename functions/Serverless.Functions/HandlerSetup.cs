using System.Globalization;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.CustomHandler;
using Serverless.Functions.Api;
using Serverless.Functions.Invocations;
using Serverless.Functions.Telemetry;
using Serverless.Storage;

namespace Serverless.Functions;

/// <summary>The handler's wiring in one place: settings, storage, the pipeline services, error shape.</summary>
public static class HandlerSetup
{
    /// <summary>Listens on 127.0.0.1:<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, as the Functions host expects.</summary>
    public static void ListenOnCustomHandlerPort(this WebApplicationBuilder builder)
    {
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"];
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new InvalidOperationException($"FUNCTIONS_CUSTOMHANDLER_PORT must be a port number, got '{port}'.");
            }
            builder.WebHost.UseUrls($"http://127.0.0.1:{number}");
        }
    }

    public static IServiceCollection AddServerlessFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddApiErrors();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNameCaseInsensitive = true);
        // The machine's clock, unless the test-only Testing:Now names another start (refused on an Azure instance).
        services.AddSingleton(HandlerClock.From(configuration));
        services.AddHostedService<HandlerClock.Warning>();
        services.AddPipelineTelemetry(configuration);
        services.AddSingleton<BusinessCalendar>();
        services.AddServerlessStorage(configuration);
        services.AddHostedService<StorageStartup>();
        // Antiforgery tokens (the web app's forms) must be readable by every instance: one key ring in blob storage.
        services.AddBlobKeyRing();
        services.AddOptions<ImportSettings>().BindConfiguration("Import").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportSettings>>().Value.ToReadOptions());
        // The transport decides how big a score request may be; the use cases are handed its limits.
        services.AddSingleton(new ScoreRequestLimits(TransportLimits.MaxAgentsPerScoreRequest, TransportLimits.MaxScoreRequestBytes));
        services.AddSingleton<ExportImporter>();
        services.AddSingleton<AgentDayScorer>();
        services.AddSingleton<DayNorms>();
        services.AddSingleton<MonthRescorer>();
        services.AddOptions<MonthCloseOptions>().BindConfiguration("MonthClose");
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MonthCloseOptions>>().Value);
        // Completeness before close (issue 16): settings MonthClose:Completeness, judged by its own use case.
        services.AddOptions<CompletenessOptions>().BindConfiguration("MonthClose:Completeness");
        services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CompletenessOptions>>().Value.ToRules());
        services.AddSingleton<MonthCompletenessCheck>();
        services.AddSingleton<MonthPublisher>();
        services.AddSingleton<Serverless.Application.Ports.IMonthPublishing, MonthRepublishing>();
        services.AddSingleton<Serverless.Application.Ports.IMonthRescoring, MonthRescoring>();
        services.AddSingleton<MonthWhatIf>();
        services.AddSingleton<RescoreJobRunner>();
        services.AddSingleton<ParseExportFunction>();
        services.AddSingleton<ScoreAgentDaysFunction>();
        services.AddSingleton<PublishMonthFunction>();
        services.AddSingleton<ProvisionalRanking>();
        services.AddSingleton<RefreshProvisionalFunction>();
        services.AddSingleton<RescoreJobsFunction>();
        services.AddSingleton<RescoreJobsPoisonFunction>();
        services.AddHrApiAccess();
        Web.WebApp.AddWebApp(services);
        services.AddHrApiDocument();
        return services;
    }

    /// <summary>Creates tables and containers before the first invocation.</summary>
    private sealed class StorageStartup(StorageClients storage) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => StorageInitializer.EnsureCreatedAsync(storage, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
