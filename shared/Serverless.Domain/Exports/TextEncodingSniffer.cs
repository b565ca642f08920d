using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>Decides how an export's bytes are text, from its first bytes: UTF-8 (with or without BOM), else GB18030, else unreadable.</summary>
/// <remarks>
/// A stream cannot be judged whole before it is read, so the decision rests on the first <see cref="SniffBytes"/>
/// (the header and the first few hundred rows). A later byte sequence that breaks the chosen encoding makes its row bad
/// (<see cref="RowErrorReasons.InvalidUtf8"/> / <see cref="RowErrorReasons.InvalidGb18030"/>) rather than the file rejected.
/// </remarks>
internal static class TextEncodingSniffer
{
    public const int SniffBytes = 64 * 1024;
    public const string Utf8 = "utf-8";
    public const string Utf8Bom = "utf-8-bom";
    public const string Gb18030 = "gb18030";

    private static readonly Lazy<Encoding> Gb18030Strict = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>GB18030 that decodes a broken sequence to U+FFFD, for the reader (which then reports that row).</summary>
    public static Encoding Gb18030Lenient { get; } = CreateLenient();

    /// <summary>The encoding name and the length of its byte order mark, or null when the bytes are neither.</summary>
    /// <param name="isWhole">The prefix is the whole input (no sequence continues past it).</param>
    public static (string Name, int BomLength)? Detect(ReadOnlySpan<byte> prefix, bool isWhole)
    {
        if (prefix.StartsWith("\uFEFF"u8))
        {
            return (Utf8Bom, 3);
        }
        if (IsUtf8(prefix, isWhole))
        {
            return (Utf8, 0);
        }
        return IsGb18030(prefix, isWhole) ? (Gb18030, 0) : null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool isWhole)
    {
        Span<char> chars = stackalloc char[1024];
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: isWhole);
            switch (status)
            {
                case System.Buffers.OperationStatus.Done:
                    return true;
                case System.Buffers.OperationStatus.NeedMoreData:
                    // The prefix ends inside a character that the next bytes complete.
                    return true;
                case System.Buffers.OperationStatus.InvalidData:
                    return false;
            }
            bytes = bytes[read..];
        }
        return true;
    }

    private static bool IsGb18030(ReadOnlySpan<byte> bytes, bool isWhole)
    {
        try
        {
            Gb18030Strict.Value.GetDecoder().GetCharCount(bytes, flush: isWhole);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding CreateLenient()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
