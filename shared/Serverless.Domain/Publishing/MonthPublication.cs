namespace Serverless.Domain.Publishing;

/// <summary>
/// Builds the published file set of one version of a month: <c>ranking.csv</c>, <c>ranking.xlsx</c>, <c>ranking.json</c>,
/// <c>bonus.csv</c>, <c>payroll.csv</c>, <c>teams.csv</c>, <c>diff.csv</c> and <c>payroll-delta.csv</c> (re-publications only) and <c>manifest.json</c> (always last).
/// Same input, same bytes: nothing here reads a clock or a random source.
/// </summary>
public static class MonthPublication
{
    public const string RankingCsvName = "ranking.csv";
    public const string RankingXlsxName = "ranking.xlsx";
    public const string RankingJsonName = "ranking.json";
    public const string BonusCsvName = "bonus.csv";
    public const string PayrollCsvName = "payroll.csv";
    public const string TeamsCsvName = "teams.csv";
    public const string DiffCsvName = "diff.csv";
    public const string PayrollDeltaCsvName = "payroll-delta.csv";
    public const string ManifestName = "manifest.json";

    private const string Csv = "text/csv; charset=utf-8";
    private const string Json = "application/json; charset=utf-8";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [RankingCsvName] = Csv,
        [RankingXlsxName] = Xlsx,
        [RankingJsonName] = Json,
        [BonusCsvName] = Csv,
        [PayrollCsvName] = Csv,
        [TeamsCsvName] = Csv,
        [DiffCsvName] = Csv,
        [PayrollDeltaCsvName] = Csv,
        [ManifestName] = Json,
    };

    /// <summary>Every file name a published version can hold.</summary>
    public static IReadOnlyCollection<string> FileNames => ContentTypes.Keys;

    /// <summary>The media type a published file is served with; null for a name no version holds.</summary>
    public static string? ContentTypeOf(string fileName) => ContentTypes.GetValueOrDefault(fileName);

    /// <summary>The first publication of a month (version 1, no diff).</summary>
    public static IReadOnlyList<PublishedFile> Build(MonthRankingResult ranking, PublicationMetadata metadata) =>
        Build(ranking, metadata, previous: null);

    /// <summary>
    /// A re-publication: the files of <see cref="Build(MonthRankingResult, PublicationMetadata)"/> plus <c>diff.csv</c>
    /// against <paramref name="previous"/> (for instance read back from the previous version's <c>ranking.json</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The version does not follow the previous one, or no reason is given.</exception>
    public static IReadOnlyList<PublishedFile> Build(MonthRankingResult ranking, PublicationMetadata metadata, RankingDocument? previous) =>
        Build(ranking, metadata, previous, PayrollExtras.None);

    /// <summary>
    /// As <see cref="Build(MonthRankingResult, PublicationMetadata, RankingDocument?)"/>, with what payroll needs besides:
    /// <c>payroll-delta.csv</c> when <paramref name="payroll"/> has a delta (from v2 on), held bonuses marked in
    /// <c>bonus.csv</c> and left out of <c>payroll.csv</c>, and the open inquiries counted in the manifest.
    /// </summary>
    public static IReadOnlyList<PublishedFile> Build(MonthRankingResult ranking, PublicationMetadata metadata, RankingDocument? previous, PayrollExtras payroll) =>
        Build(ranking, metadata, previous, payroll, tieredBefore: []);

    /// <summary>
    /// As <see cref="Build(MonthRankingResult, PublicationMetadata, RankingDocument?, PayrollExtras)"/>, with the agents who
    /// earned a bonus tier in an earlier published month (<paramref name="tieredBefore"/>): <c>teams.csv</c> and the
    /// manifest's <c>teams</c> coverage count them as having ever earned one (<see cref="TeamResults"/>).
    /// </summary>
    public static IReadOnlyList<PublishedFile> Build(MonthRankingResult ranking, PublicationMetadata metadata, RankingDocument? previous, PayrollExtras payroll, IReadOnlyCollection<string> tieredBefore)
    {
        ArgumentNullException.ThrowIfNull(payroll);
        ArgumentNullException.ThrowIfNull(tieredBefore);
        ArgumentNullException.ThrowIfNull(ranking);
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Version < 1)
            throw new ArgumentException($"Version {metadata.Version} is not valid; versions start at 1.", nameof(metadata));
        if (previous is null && metadata.Version != 1)
            throw new ArgumentException($"Version {metadata.Version} needs the previous version's ranking to diff against.", nameof(previous));
        if (previous is not null)
        {
            if (metadata.Version <= previous.Version)
                throw new ArgumentException($"Version {metadata.Version} must be later than the previous version {previous.Version}.", nameof(metadata));
            // A closed month is frozen; changing what payroll was sent needs a stated reason on record.
            if (string.IsNullOrWhiteSpace(metadata.Reason))
                throw new ArgumentException("A re-publication needs a reason; say why the closed month changes.", nameof(metadata));
        }

        var files = new List<PublishedFile>
        {
            Make(RankingCsvName, Csv, s => RankingCsv.Write(ranking.Rows, s)),
            Make(RankingXlsxName, Xlsx, s => RankingWorkbook.Write(ranking.Rows, ranking.Summary, metadata, s)),
            Make(RankingJsonName, Json, s => RankingJson.Write(ranking, metadata, s)),
            Make(BonusCsvName, Csv, s => BonusCsv.Write(ranking.Rows, metadata.Month, s, payroll.Holds)),
            Make(PayrollCsvName, Csv, s => PayrollFeed.Write(ranking.Rows, metadata.Month, s, payroll.Holds)),
        };
        var tierNames = ranking.Summary.Tiers.Select(t => t.Tier).ToList();
        var teams = TeamResults.Compute(ranking.Rows, tierNames, tieredBefore);
        files.Add(Make(TeamsCsvName, Csv, s => TeamsCsv.Write(teams, tierNames, metadata.Month, s)));

        ManifestDiff? diffSummary = null;
        if (previous is not null)
        {
            var diff = Diff(previous.Rows, ranking.Rows);
            files.Add(Make(DiffCsvName, Csv, s => DiffCsv.Write(diff, s)));
            diffSummary = new ManifestDiff(previous.Version, diff.ChangedCount, diff.AddedCount, diff.RemovedCount, diff.AmountDelta);
        }

        ManifestPayrollDelta? deltaSummary = null;
        if (payroll.Delta is { } delta)
        {
            if (delta.AgainstVersion >= metadata.Version)
                throw new ArgumentException($"Version {metadata.Version}'s payroll delta must be against an earlier version, not v{delta.AgainstVersion}.", nameof(payroll));
            files.Add(Make(PayrollDeltaCsvName, Csv, s => PayrollDeltaCsv.Write(delta, metadata.Month, s)));
            deltaSummary = new ManifestPayrollDelta(delta.AgainstVersion, delta.AgainstTaken, delta.Changes.Count, delta.AddedCount, delta.ChangedCount, delta.RemovedCount, delta.NetAmount);
        }

        var manifest = new PublicationManifest(
            metadata.Month.ToString(), metadata.Version, metadata.RulesVersion, metadata.GeneratedAt, metadata.Reason,
            ranking.Rows.Count, ranking.Summary.PaidCount, ranking.Summary.TotalAmount, ranking.Summary.Tiers,
            diffSummary,
            [.. files.Select(f => new ManifestFile(f.Name, f.Content.LongLength, f.Sha256))],
            metadata.Completeness)
        {
            PayrollDelta = deltaSummary,
            Holds = payroll.Holds.Count > 0 ? [.. payroll.Holds.OrderBy(h => h.AgentId, StringComparer.Ordinal)] : null,
            OpenInquiries = payroll.OpenInquiries > 0 ? payroll.OpenInquiries : null,
            Teams = teams.Coverage,
        };
        files.Add(Make(ManifestName, Json, manifest.Write));
        return files;
    }

    /// <summary>Who moved between two versions; the same comparison <c>diff.csv</c> is written from.</summary>
    public static PublicationDiff Diff(IReadOnlyList<MonthRankingRow> previousRows, IReadOnlyList<MonthRankingRow> currentRows) =>
        PublicationDiff.Compare(previousRows, currentRows);

    private static PublishedFile Make(string name, string contentType, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return new PublishedFile(name, contentType, buffer.ToArray());
    }
}
