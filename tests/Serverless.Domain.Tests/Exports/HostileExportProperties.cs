using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Serverless.Domain.Exports;
using static Serverless.Domain.Tests.Exports.ExportFiles;

namespace Serverless.Domain.Tests.Exports;

/// <summary>One hostile export: the bytes, the path they arrive under, and how they were made (printed when a case fails).</summary>
public sealed record HostileFile(ExportKind Kind, bool GzipPath, string Made, int Seed, byte[] Bytes)
{
    public override string ToString() => $"{Kind.ToPathName()}{(GzipPath ? ".csv.gz" : ".csv")} made by {Made} from seed {Seed}: {Bytes.Length} bytes";
}

/// <summary>
/// Hostile exports of every kind: random bytes, valid files (UTF-8, BOM, GB18030, gzip) with random mutations, truncated
/// and corrupted gzip, huge fields, control characters, gzip bombs. Each case is built from one generated seed with
/// <see cref="Random"/>, so a failing case is its seed (FsCheck prints its Replay and the case).
/// </summary>
public static class HostileExports
{
    public const string Caller = "13800138000";
    public const string Name = "张三";

    private static readonly ExportKind[] Kinds = Enum.GetValues<ExportKind>();

    /// <summary>A small valid file of each kind, with a caller number and a name that must never show in a report.</summary>
    public static string Valid(ExportKind kind, bool chinese = false) => kind switch
    {
        ExportKind.Calls => (chinese ? "话务流水号,坐席工号,开始时间,结束时间,通话时长,保持时长,话后处理时长,处理结果,是否推送满意度,满意度评价,主叫号码\n" : CallsHeader)
            + string.Concat(Enumerable.Range(1, 12).Select(i => Call($"c{i}", agent: $"A{i % 4}", talk: (i * 37).ToString(System.Globalization.CultureInfo.InvariantCulture),
                pushed: i % 2 == 0 ? "1" : "0", satisfaction: i % 2 == 0 ? "满意" : "", caller: Caller))),
        ExportKind.AgentTime => "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence,late_minutes\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},2025-03-01,28800,{27000 + i},{600 + i},95%,{i % 3}\n")),
        ExportKind.Quality => "agent_id,date,call_id,score,error\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},2025-03-01,c{i},{90 + i % 10},{(i % 3 == 0 ? "是" : "否")}\n")),
        ExportKind.Awards => "agent_id,date,item,level,note\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},2025-03-01,{(i % 2 == 0 ? "honour" : "好人好事")},{(i % 2 == 0 ? "center" : "班组")},thanks {Name}\n")),
        ExportKind.WorkItems => "agent_id,date,item_code,role,quantity\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},2025-03-01,W-{i},{(i % 2 == 0 ? "primary" : "单人")},{i}\n")),
        ExportKind.Roster => "agent_id,name,department,specialty,team,hire_date,status\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},{Name}{i},客服一部,电费,T{i % 2},2020-01-0{1 + i % 9},在岗\n")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static Arbitrary<HostileFile> Files() => Arb.From(
        from kind in Gen.Choose(0, Kinds.Length - 1)
        from how in Gen.Choose(0, Makers.Length - 1)
        from seed in Gen.Choose(0, int.MaxValue)
        select Make(Kinds[kind], how, seed));

    public static HostileFile Make(ExportKind kind, int how, int seed)
    {
        var random = new Random(seed);
        var (name, make) = Makers[how];
        var (bytes, gzipPath) = make(kind, random);
        return new HostileFile(kind, gzipPath, name, seed, bytes);
    }

    private static readonly (string Name, Func<ExportKind, Random, (byte[] Bytes, bool GzipPath)> Make)[] Makers =
    [
        ("random bytes", (_, r) => (Bytes(r, r.Next(0, 4096)), r.Next(4) == 0)),
        ("gzip magic then random bytes", (_, r) => ([0x1F, 0x8B, .. Bytes(r, r.Next(0, 512))], r.Next(2) == 0)),
        ("truncated gzip", (k, r) => { var gz = Gzip(Utf8(Valid(k))); return (gz[..r.Next(0, gz.Length)], true); }),
        ("corrupted gzip", (k, r) => (Flip(r, Gzip(Utf8(Valid(k))), 10, r.Next(1, 8)), r.Next(3) != 0)),
        ("mutated UTF-8", (k, r) => (Mutate(r, Utf8(Valid(k))), false)),
        ("mutated UTF-8 with BOM", (k, r) => (Mutate(r, Utf8Bom(Valid(k))), false)),
        ("mutated GB18030", (k, r) => (Mutate(r, Gb(Valid(k, chinese: true))), false)),
        ("mutated then gzipped", (k, r) => (Gzip(Mutate(r, Utf8(Valid(k)))), true)),
        ("mutated gzip", (k, r) => (Mutate(r, Gzip(Utf8(Valid(k)))), true)),
        ("control characters", (k, r) => (Sprinkle(r, Utf8(Valid(k)), () => (byte)(r.Next(3) == 0 ? 0x7F : r.Next(0, 0x20))), false)),
        ("huge field", (k, r) => (HugeField(r, Utf8(Valid(k))), false)),
        ("huge numbers and odd values", (k, r) => (OddValues(r, Valid(k)), false)),
        ("gzip bomb", (k, r) => (Gzip(Utf8(Valid(k) + new string('9', r.Next(200_000, 2_000_000)))), true)),
        ("valid file under the wrong extension", (k, r) => r.Next(2) == 0 ? (Utf8(Valid(k)), true) : (Gzip(Utf8(Valid(k))), false)),
    ];

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] bytes, int from, int flips)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < flips && copy.Length > from; i++) copy[random.Next(from, copy.Length)] ^= (byte)random.Next(1, 256);
        return copy;
    }

    private static readonly byte[][] Fragments = [.. new[] { ",", ";", "\t", "\"", "\"\"", "\n", "\r", "\r\n", "\0", "\u2028", "\uFEFF", "=cmd|' /C calc'!A0", "-1", "1e309", "NaN", "是", "/", "\\", "#", "?", "|", "%", "\u0085" }.Select(Encoding.UTF8.GetBytes)];

    /// <summary>1–8 random edits: flip, insert, delete, duplicate a run, insert a fragment (delimiters, quotes, line breaks, NUL).</summary>
    private static byte[] Mutate(Random random, byte[] bytes)
    {
        var list = new List<byte>(bytes);
        for (var edits = random.Next(1, 9); edits > 0; edits--)
        {
            var at = random.Next(0, list.Count + 1);
            switch (random.Next(5))
            {
                case 0 when list.Count > 0:
                    list[Math.Min(at, list.Count - 1)] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    list.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when list.Count > 0:
                    var delete = Math.Min(random.Next(1, 40), list.Count - Math.Min(at, list.Count - 1));
                    list.RemoveRange(Math.Min(at, list.Count - 1), delete);
                    break;
                case 3 when list.Count > 0:
                    var start = random.Next(0, list.Count);
                    var run = list.GetRange(start, Math.Min(random.Next(1, 200), list.Count - start));
                    list.InsertRange(Math.Min(at, list.Count), run);
                    break;
                default:
                    list.InsertRange(at, Fragments[random.Next(Fragments.Length)]);
                    break;
            }
        }
        return [.. list];
    }

    private static byte[] Sprinkle(Random random, byte[] bytes, Func<byte> next)
    {
        var list = new List<byte>(bytes);
        for (var i = random.Next(1, 30); i > 0; i--) list.Insert(random.Next(0, list.Count + 1), next());
        return [.. list];
    }

    /// <summary>A field of up to 1.2 MiB (past the 1 MiB record limit, or just under it) inside a valid file, quoted or not.</summary>
    private static byte[] HugeField(Random random, byte[] bytes)
    {
        var length = random.Next(2) == 0 ? random.Next(1 << 19, (1 << 20) - 1024) : random.Next((1 << 20) + 1, 1_250_000);
        var field = new byte[length];
        Array.Fill(field, (byte)"x9是\""[random.Next(4)]);
        var lineStarts = bytes.Select((b, i) => (b, i)).Where(p => p.b == '\n').Select(p => p.i + 1).Where(i => i < bytes.Length).ToList();
        var at = lineStarts.Count == 0 ? 0 : lineStarts[random.Next(lineStarts.Count)];
        byte[] quoted = random.Next(2) == 0 ? [(byte)'"', .. field, (byte)'"'] : field;
        return [.. bytes[..at], .. quoted, .. bytes[at..]];
    }

    private static readonly string[] OddValueList =
        ["99999999999999999999999999", "-99999999999999999999", "9223372036854775807", "-9223372036854775808", "2147483648", "1e308", "-0", "0x10", "١٢٣",
         "9999-12-31 23:59:59", "0001-01-01 00:00:00", "2025-02-30 09:00:00", "2025-03-01 24:00:00", "99:99:99", "-1:00:00", "100000:00:00",
         "", " ", "\"\"", "NULL", "∞", "5%%", "-5%", "1000%", "💥", new string('A', 65), "A/B", "A\\B", "A#B", "A?B", "A|B", "A\u0001B"];

    /// <summary>Valid rows with random fields replaced by out-of-range numbers, impossible dates and durations, odd ids.</summary>
    private static byte[] OddValues(Random random, string valid)
    {
        var lines = valid.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var fields = lines[i].Split(',');
            for (var n = random.Next(1, 4); n > 0; n--) fields[random.Next(fields.Length)] = OddValueList[random.Next(OddValueList.Length)];
            lines[i] = string.Join(',', fields);
        }
        return Utf8(string.Join('\n', lines));
    }
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

    [Property(Arbitrary = [typeof(HostileExports)], MaxTest = 1500, Replay = "(20261207,15)")]
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
