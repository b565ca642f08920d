using System.IO.Compression;
using System.Text;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Tests.Exports;

/// <summary>Builds export files as the bytes a sender would drop, and reads them.</summary>
internal static class ExportFiles
{
    public static readonly DateOnly Day = new(2025, 3, 1);

    /// <summary>Options that keep every bad row visible instead of rejecting the file for its share.</summary>
    public static readonly ExportReadOptions Lenient = new() { MaxBadRowShare = 1 };

    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];

    public static byte[] Gb(string text) => Gb18030.GetBytes(text);

    /// <summary>The content hash the reader must report for these bytes, computed independently: XXH128, algorithm-prefixed.</summary>
    public static string ContentHashOf(ReadOnlySpan<byte> bytes) => "xxh128:" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(bytes));

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    public static ExportPath PathOf(ExportKind kind, bool gzip = false) => new(kind, Day, "north-center", gzip);

    public static Task<ExportReadResult> ReadAsync(byte[] bytes, ExportKind kind, ExportReadOptions? options = null, bool gzip = false) =>
        ExportReader.ReadAsync(new MemoryStream(bytes), PathOf(kind, gzip), options ?? new ExportReadOptions(), CancellationToken.None);

    public static Task<ExportReadResult> ReadAsync(string text, ExportKind kind, ExportReadOptions? options = null) =>
        ReadAsync(Utf8(text), kind, options);

    public const string CallsHeader = "call_id,agent_id,start_time,end_time,talk_seconds,hold_seconds,acw_seconds,result,survey_pushed,satisfaction,caller\n";

    /// <summary>A well-formed call of agent A1 on <see cref="Day"/>.</summary>
    public static string Call(string id, string agent = "A1", string start = "2025-03-01 09:00:00", string end = "2025-03-01 09:05:00",
        string talk = "200", string hold = "0", string acw = "30", string result = "answered", string pushed = "0", string satisfaction = "", string caller = "13800138000") =>
        $"{id},{agent},{start},{end},{talk},{hold},{acw},{result},{pushed},{satisfaction},{caller}\n";
}
