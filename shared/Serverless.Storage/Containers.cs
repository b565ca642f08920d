namespace Serverless.Storage;

/// <summary>The blob containers and tables the app uses: one place to see the storage layout.</summary>
public static class Containers
{
    public const string Exports = "exports";
    public const string Reports = "reports";
    public const string Rankings = "rankings";
    public const string Bonus = "bonus";

    /// <summary>ASP.NET Core data protection's key ring, shared by every instance (<see cref="BlobKeyRing"/>).</summary>
    public const string DataProtection = "dataprotection";

    /// <summary>What-if jobs' scratch days and reports (<see cref="WhatIfStore"/>): a job's output, never a month's file.</summary>
    public const string WhatIf = "whatif";

    /// <summary>The unpublished months' provisional rankings (<see cref="ProvisionalRankings"/>): never a published month's file.</summary>
    public const string Provisional = "provisional";

    /// <summary>Every container the app creates at start.</summary>
    public static IReadOnlyList<string> All { get; } = [Exports, Reports, Rankings, Bonus, DataProtection, WhatIf, Provisional];
}

public static class Tables
{
    public const string Imports = "Imports";
    public const string ImportHeads = "ImportHeads";
    public const string Metrics = "AgentDayMetrics";
    public const string Roster = "Roster";
    public const string Rules = "Rules";
    public const string Awards = "Awards";
    public const string PeerNorms = "PeerNorms";
    public const string Ledger = "Ledger";

    /// <summary>The monthly ledger entries month close writes, apart from the daily ones (same keys and columns).</summary>
    public const string MonthLedger = "MonthLedger";
    public const string AgentMonths = "AgentMonths";
    public const string Publications = "Publications";
    public const string Standings = "Standings";

    /// <summary>HTTP idempotency keys (the HR API's awards), so a retried call finds its first result.</summary>
    public const string IdempotencyKeys = "IdempotencyKeys";

    public const string WorkItems = "WorkItems";

    /// <summary>Leader adjustments (临时加减分, the workload scheme's Q) entered through the HR API.</summary>
    public const string Adjustments = "Adjustments";

    /// <summary>Inquiries (申诉) on ledger entries and month results, by month.</summary>
    public const string Inquiries = "Inquiries";

    /// <summary>The versions payroll marked taken, by month (the base of the next payroll delta).</summary>
    public const string PayrollTaken = "PayrollTaken";

    /// <summary>The append-only audit trail of changes people made, by UTC day.</summary>
    public const string AuditTrail = "AuditTrail";

    /// <summary>Each audit record's id, claimed once, so a retried call is recorded once.</summary>
    public const string AuditIds = "AuditIds";

    /// <summary>Long HR operations run as jobs (a month's re-score, a rules what-if): one row a job, its checkpoint.</summary>
    public const string Jobs = "Jobs";

    /// <summary>Every table the app creates at start.</summary>
    public static IReadOnlyList<string> All { get; } = [Imports, ImportHeads, Metrics, Roster, Rules, Awards, PeerNorms, Ledger, MonthLedger, AgentMonths, Publications, Standings, IdempotencyKeys, WorkItems, Adjustments, Inquiries, PayrollTaken, AuditTrail, AuditIds, Jobs];
}

/// <summary>The storage queues the app sends to itself (Azure Storage queues of <c>AzureWebJobsStorage</c>).</summary>
public static class Queues
{
    /// <summary>Re-score jobs' steps, taken by the <c>RescoreJobs</c> queue-triggered function.</summary>
    public const string RescoreJobs = "rescore-jobs";

    /// <summary>Where the Functions host moves a message after its max dequeue count (<c>{queue}-poison</c>), taken by <c>RescoreJobsPoison</c>.</summary>
    public const string RescoreJobsPoison = RescoreJobs + "-poison";
}
