using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Application.Ports;
using Serverless.Domain.Exports;
using Serverless.Domain.Scoring;

namespace Serverless.Storage;

/// <summary>Wires the storage adapters to the domain's ports.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddServerlessStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => StorageClients.FromConfiguration(configuration));
        services.AddSingleton<IExportStore, ExportStore>();
        services.AddSingleton<IImportLog, ImportLog>();
        services.AddSingleton<IImportReports, ImportReports>();
        services.AddSingleton<IMetricsStore, MetricsStore>();
        services.AddSingleton<IRosterStore, RosterStore>();
        services.AddSingleton<IPublicationStore, PublicationStore>();
        services.AddSingleton<IRulesStore, RulesStore>();
        services.AddSingleton<IEntryStore<AwardRecord>>(p => EntryStores.Awards(p.GetRequiredService<StorageClients>()));
        services.AddSingleton<IEntryStore<PointsAdjustment>>(p => EntryStores.Adjustments(p.GetRequiredService<StorageClients>()));
        services.AddSingleton<IPeerNormStore, PeerNormStore>();
        services.AddSingleton<ILedger, LedgerStore>();
        services.AddSingleton<IAgentMonthStore, AgentMonthStore>();
        services.AddSingleton<IStandingStore, StandingStore>();
        services.AddSingleton<IRosterQueries, RosterQueries>();
        services.AddSingleton<IPublishedMonths, PublishedMonths>();
        services.AddSingleton<IIdempotencyKeys, IdempotencyKeys>();
        services.AddSingleton<IReportFiles, ReportFiles>();
        services.AddSingleton<IWorkItemStore, WorkItemStore>();
        services.AddSingleton<IInquiryStore, InquiryStore>();
        services.AddSingleton<IPayrollTakenStore, PayrollTakenStore>();
        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddSingleton<IRescoreJobStore, RescoreJobStore>();
        services.AddSingleton<IWhatIfStore, WhatIfStore>();
        services.AddSingleton<IProvisionalRankings, ProvisionalRankings>();
        // Built on first use: only the re-score route and the job functions send to the queue.
        services.AddSingleton<IRescoreJobQueue>(_ => new RescoreJobQueue(RescoreJobQueue.ServiceFromConfiguration(configuration)));
        return services;
    }
}
