using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Serverless.Domain.Exports;
using Serverless.Testing.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

/// <summary>Hostile files (<see cref="HostileExports"/>) for FsCheck: a kind, a way of making one and a seed.</summary>
public static class HostileArbitraries
{
    public static Arbitrary<HostileFile> Files() => Arb.From(
        from kind in Gen.Choose(0, HostileExports.Kinds.Length - 1)
        from how in Gen.Choose(0, HostileExports.Ways - 1)
        from seed in Gen.Choose(0, int.MaxValue)
        select HostileExports.Make(HostileExports.Kinds[kind], how, seed));
}

/// <summary>
/// Whatever bytes arrive, reading them ends in a result: accepted (perhaps with bad rows) or rejected with a reason, never
/// an exception; a rejected file keeps nothing to store; personal values never show in a report; the content hash is of
/// the bytes as they came.
/// </summary>
/// <remarks>A fixed <c>Replay</c> keeps CI reproducible; change it to explore other cases. A failure prints its Replay
/// and the case (kind, how it was made, its seed: <see cref="HostileExports.Make"/> rebuilds it).</remarks>
public sealed class HostileExportProperties
{
    private static void AssertReadsToAReport(HostileFile file)
    {
        ExportReadResult result;
        try
        {
            result = ExportReader.ReadAsync(new MemoryStream(file.Bytes), PathOf(file.Kind, file.GzipPath), new ExportReadOptions(), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            throw new Xunit.Sdk.XunitException($"{file}: reading threw {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
        }

        Assert.True(Enum.IsDefined(result.Outcome), $"{file}: outcome {result.Outcome}");
        Assert.Equal(ContentHashOf(file.Bytes), result.ContentHash);
        Assert.Equal(file.Bytes.Length, result.RawBytes);
        if (result.Outcome == ImportOutcome.Rejected)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.RejectionReason), $"{file}: rejected without a reason");
            Assert.True(result.Metrics.Count + result.Roster.Count + result.Awards.Count + result.WorkItems.Count == 0, $"{file}: rejected but kept records");
        }
        else
        {
            Assert.Null(result.RejectionReason);
            Assert.Equal(result.DataRows, result.AcceptedRows + result.BadRows);
            Assert.True(result.BadRows <= result.DataRows * 0.01, $"{file}: accepted with {result.BadRows} bad of {result.DataRows} rows");
        }
        foreach (var error in result.RowErrors)
        {
            if (error.Column is "caller" or "name") Assert.True(error.Value is "" or "***", $"{file}: {error.Column} shown as '{error.Value}'");
            Assert.True(error.Value.Length <= 101, $"{file}: a row error value of {error.Value.Length} characters");
        }
    }

    [Property(Arbitrary = [typeof(HostileArbitraries)], MaxTest = 1500, Replay = "(20261207,15)")]
    public void Any_bytes_of_any_kind_read_to_an_accept_or_a_reject(HostileFile file) => AssertReadsToAReport(file);

    /// <summary>.NET's GZipStream ends quietly where its input does: a cut-off upload must not read as a shorter day.</summary>
    [Property(MaxTest = 300, Replay = "(20261207,17)")]
    public void A_gzip_file_cut_short_anywhere_is_rejected_never_read_as_fewer_rows(PositiveInt kindPick, PositiveInt cutPick)
    {
        var kind = Enum.GetValues<ExportKind>()[kindPick.Get % 6];
        var gz = Gzip(Utf8(HostileExports.Valid(kind)));
        var cut = cutPick.Get % gz.Length;

        var result = ExportReader.ReadAsync(new MemoryStream(gz[..cut]), PathOf(kind, gzip: true), new ExportReadOptions(), CancellationToken.None).GetAwaiter().GetResult();

        Assert.True(result.Outcome == ImportOutcome.Rejected, $"{kind} gzip of {gz.Length} bytes cut to {cut}: {result.Outcome}, {result.AcceptedRows} rows");
    }

    [Fact]
    public async Task Every_valid_seed_file_is_accepted_whole()
    {
        foreach (var kind in Enum.GetValues<ExportKind>())
        {
            foreach (var (bytes, gzip) in new[] { (Utf8(HostileExports.Valid(kind)), false), (Gb(HostileExports.Valid(kind, chinese: true)), false), (Gzip(Utf8(HostileExports.Valid(kind))), true) })
            {
                var result = await ExportReader.ReadAsync(new MemoryStream(bytes), PathOf(kind, gzip), new ExportReadOptions(), CancellationToken.None);
                Assert.True(result.Outcome == ImportOutcome.Accepted, $"{kind}: {result.Outcome} {result.RejectionReason} {string.Join("; ", result.RowErrors)}");
            }
        }
    }
}
