using System.IO.Compression;
using System.Text;
using Serverless.Domain.Exports;

namespace Serverless.Testing.Exports;

/// <summary>One hostile export: the bytes, the path they arrive under, and how they were made (printed when a case fails).</summary>
public sealed record HostileFile(ExportKind Kind, bool GzipPath, string Made, int Seed, byte[] Bytes)
{
    public override string ToString() => $"{Kind.ToPathName()}{(GzipPath ? ".csv.gz" : ".csv")} made by {Made} from seed {Seed}: {Bytes.Length} bytes";
}

/// <summary>
/// Hostile exports of every kind: random bytes, valid files (UTF-8, BOM, GB18030, gzip) with random mutations, truncated
/// and corrupted gzip, huge fields, control characters, gzip bombs. Each case is built from one generated seed with
/// <see cref="Random"/>, so a failing case is its seed. Shared by the reader's property test and the handler's.
/// </summary>
public static class HostileExports
{
    public const string Caller = "13800138000";
    public const string Name = "张三";

    public static readonly ExportKind[] Kinds = Enum.GetValues<ExportKind>();

    /// <summary>How many ways <see cref="Make"/> knows to build a hostile file.</summary>
    public static int Ways => Makers.Length;

    /// <summary>A small valid file of each kind, with a caller number and a name that must never show in a report.</summary>
    public static string Valid(ExportKind kind, bool chinese = false) => kind switch
    {
        ExportKind.Calls => (chinese ? "话务流水号,坐席工号,开始时间,结束时间,通话时长,保持时长,话后处理时长,处理结果,是否推送满意度,满意度评价,主叫号码\n" : CallsHeader)
            + string.Concat(Enumerable.Range(1, 12).Select(i => Call($"c{i}", $"A{i % 4}", (i * 37).ToString(System.Globalization.CultureInfo.InvariantCulture),
                i % 2 == 0 ? "1" : "0", i % 2 == 0 ? "满意" : "", Caller))),
        ExportKind.AgentTime => "agent_id,date,scheduled_seconds,signed_in_seconds,not_ready_seconds,adherence,late_minutes\n"
            + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},2025-03-01,28800,{27000 + i},{600 + i},95%,{i % 3}\n")),
        ExportKind.Quality => "agent_id,date,call_id,score,error\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},2025-03-01,c{i},{90 + i % 10},{(i % 3 == 0 ? "是" : "否")}\n")),
        ExportKind.Awards => "agent_id,date,item,level,note\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},2025-03-01,{(i % 2 == 0 ? "honour" : "好人好事")},{(i % 2 == 0 ? "center" : "班组")},thanks {Name}\n")),
        ExportKind.WorkItems => "agent_id,date,item_code,role,quantity\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},2025-03-01,W-{i},{(i % 2 == 0 ? "primary" : "单人")},{i}\n")),
        ExportKind.Roster => "agent_id,name,department,specialty,team,hire_date,status\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"A{i},{Name}{i},客服一部,电费,T{i % 2},2020-01-0{1 + i % 9},在岗\n")),
        ExportKind.Conduct => (chinese ? "坐席工号,日期,规范项目,严重程度,备注\n" : "agent_id,date,item,severity,note\n")
            + string.Concat(Enumerable.Range(1, 6).Select(i => $"A{i},2025-03-01,{(i % 2 == 0 ? "dress-code" : "着装规范")},{(i % 3 == 0 ? "严重" : "minor")},{Name} called from {Caller}\n")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

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

    public const string CallsHeader = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,result,survey_pushed,satisfaction,caller\n";

    private static string Call(string id, string agent, string talk, string pushed, string satisfaction, string caller) =>
        $"{id},{agent},2025-03-01 09:00:00,2025-03-01 09:05:00,{talk},0,30,answered,{pushed},{satisfaction},{caller}\n";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    public static byte[] Gb(string text)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030").GetBytes(text);
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

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
