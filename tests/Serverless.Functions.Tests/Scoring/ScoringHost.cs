using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Serverless.CustomHandler;
using Serverless.Domain.Exports;
using Serverless.Domain.Metrics;
using Serverless.Application.UseCases;
using Serverless.Application.Ports;
using Serverless.Domain.Scoring;

namespace Serverless.Functions.Tests.Scoring;

/// <summary>
/// The scoring tests' host and steps: the handler in-process on Azurite with its real stores, driven as the Functions
/// host drives it: a dropped export becomes a ParseExport Event Grid invocation, each score request it answers a
/// ScoreAgentDays Service Bus invocation.
/// </summary>
internal static class ScoringHost
{
    public static HandlerHostOptions Options(string storageConnectionString) => new(storageConnectionString)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.FromHours(8))),
    };

    /// <summary>Uploads the file to <c>exports/</c> and runs ParseExport on its BlobCreated event; returns the score requests sent.</summary>
    public static async Task<IReadOnlyList<string>> DropAsync(this HandlerHost host, string blobName, string csv)
    {
        var exports = host.Storage.Blobs.GetBlobContainerClient("exports");
        await exports.CreateIfNotExistsAsync();
        await exports.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(csv), overwrite: true);
        return await host.ParseAsync(blobName);
    }

    /// <summary>ParseExport for an existing blob (a redelivered event when called twice).</summary>
    public static async Task<IReadOnlyList<string>> ParseAsync(this HandlerHost host, string blobName)
    {
        var gridEvent = HostPayloads.BlobCreatedEvent(new BlobCreatedInfo
        {
            AccountName = "x",
            Container = "exports",
            BlobName = blobName,
            Url = $"https://x.blob.core.windows.net/exports/{blobName}",
            EventTime = new DateTimeOffset(2026, 10, 20, 1, 0, 0, TimeSpan.Zero),
        });
        var answer = await host.InvokeAsync("ParseExport", HostPayloads.EventGridInvocation("ParseExport", "eventGridEvent", gridEvent, host.Now));
        return [.. answer.GetProperty("Outputs").GetProperty("scoreRequests").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>One ScoreAgentDays delivery of a message, as the host sends a Service Bus string; returns the answer.</summary>
    public static async Task<string> ScoreAsync(this HandlerHost host, string message, int deliveryCount = 1)
    {
        var invocation = HostPayloads.ServiceBusInvocation("ScoreAgentDays", "scoreRequest", message, new ServiceBusMessageInfo { DeliveryCount = deliveryCount }, host.Now);
        return (await host.InvokeAsync("ScoreAgentDays", invocation)).GetRawText();
    }

    public static string Message(DateOnly date, params string[] agentIds) =>
        JsonSerializer.Serialize(new ScoreRequest(date, agentIds, "test", null), new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static async Task ScoreAllAsync(this HandlerHost host, IEnumerable<string> messages)
    {
        foreach (var message in messages) await host.ScoreAsync(message);
    }

    public static Task RosterAsync(this HandlerHost host, params (string AgentId, string Department, string Specialty)[] people) =>
        host.Get<IRosterStore>().UpsertAsync([.. people.Select(p => new RosterRecord(p.AgentId, "", p.Department, p.Specialty, "T1", null, RosterStatus.Active))], CancellationToken.None);

    /// <summary>What scoring the stored day from scratch with the pure engine gives, per agent, under the default rules (the rules whose exports are in).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<LedgerEntry>>> ExpectedAsync(this HandlerHost host, DateOnly date)
    {
        var day = await host.Get<IMetricsStore>().GetDayAsync(date, CancellationToken.None);
        var exportsIn = await host.Get<IMetricsStore>().GetKindsAsync(date, CancellationToken.None);
        var people = await host.Get<IRosterStore>().GetAsync([.. day.Select(d => d.AgentId)], CancellationToken.None);
        var entries = new DailyScorer(RulePresets.Load(RulePresets.PositiveIncentive)).ScoreDay(day.Select(m => DayNorms.Place(m, people)), exportsIn);
        return entries.GroupBy(e => e.AgentId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<LedgerEntry>)[.. g], StringComparer.Ordinal);
    }

    /// <summary>The day's ledger rows of one agent as stored: rule → ETag (a rewritten row gets a new one).</summary>
    public static async Task<IReadOnlyDictionary<string, Azure.ETag>> LedgerRowsAsync(this HandlerHost host, string agentId, DateOnly date)
    {
        var table = host.Storage.Tables.GetTableClient(Serverless.Storage.Tables.Ledger);
        var prefix = $"{agentId}|{date:yyyy-MM-dd}|";
        var rows = new Dictionary<string, Azure.ETag>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{host.Storage.Partitions.For(YearMonth.Of(date).ToString(), agentId)}' and RowKey ge '{prefix}' and RowKey lt '{Serverless.Storage.TableBatches.PrefixEnd(prefix)}'";
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>(filter))
        {
            rows[row.GetString("Rule")] = row.ETag;
        }
        return rows;
    }

    public static async Task<IReadOnlyList<LedgerEntry>> LedgerDayAsync(this HandlerHost host, string agentId, DateOnly date) =>
        [.. (await host.Get<ILedger>().GetAsync(agentId, date, date, CancellationToken.None)).Select(s => s.Entry)];
}

/// <summary>Hand-written exports for a small department.</summary>
internal static class Exports
{
    public const string CallsHeader = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,caller\r\n";
    public const string TimeHeader = "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence\r\n";

    /// <summary>Each agent's calls, one every 10 minutes from 09:00, each of the given talk seconds plus 20 s after-call work.</summary>
    public static string Calls(DateOnly day, params (string AgentId, int Calls, int TalkSeconds)[] agents)
    {
        var csv = new StringBuilder(CallsHeader);
        foreach (var (agentId, calls, talk) in agents)
        {
            for (var i = 0; i < calls; i++)
            {
                var start = day.ToDateTime(new TimeOnly(9, 0)).AddMinutes(10 * i);
                csv.Append(CultureInfo.InvariantCulture, $"{agentId}-{i},{agentId},{start:yyyy-MM-dd HH:mm:ss},{start.AddSeconds(talk + 20):yyyy-MM-dd HH:mm:ss},{talk},0,20,1990000{i:0000}\r\n");
            }
        }
        return csv.ToString();
    }

    public static string Time(DateOnly day, params (string AgentId, int Scheduled, int SignedIn, int NotReady, double Adherence)[] agents)
    {
        var csv = new StringBuilder(TimeHeader);
        foreach (var a in agents)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{a.AgentId},{day:yyyy-MM-dd},{a.Scheduled},{a.SignedIn},{a.NotReady},{a.Adherence}\r\n");
        }
        return csv.ToString();
    }

    public const string QualityHeader = "agent_id,date,call_id,score,error\r\n";

    /// <summary>Each agent's inspected calls: so many, of which so many with an error.</summary>
    public static string Quality(DateOnly day, params (string AgentId, int Inspected, int Errors)[] agents)
    {
        var csv = new StringBuilder(QualityHeader);
        foreach (var (agentId, inspected, errors) in agents)
        {
            for (var i = 0; i < inspected; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{agentId},{day:yyyy-MM-dd},{agentId}-{i},{(i < errors ? 70 : 95)},{(i < errors ? 1 : 0)}\r\n");
            }
        }
        return csv.ToString();
    }

    public static string CallsBlob(DateOnly day, string source) => $"calls/{day:yyyy-MM-dd}/{source}.csv";

    public static string QualityBlob(DateOnly day, string source) => $"quality/{day:yyyy-MM-dd}/{source}.csv";

    public static string TimeBlob(DateOnly day, string source) => $"agent-time/{day:yyyy-MM-dd}/{source}.csv";
}
