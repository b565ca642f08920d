using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace Serverless.Domain.Exports;

/// <summary>
/// Counts what a gzip stream inflates and stops it (end of input plus a <see cref="Violation"/>) past the size or ratio
/// bound, and at the end checks the file's trailer: a gzip file cut short is a <see cref="Violation"/> too.
/// </summary>
/// <remarks>
/// <para>Checked on every read, so a gzip bomb is stopped after at most one buffer past the bound, never inflated fully.
/// Ending the input instead of throwing lets the CSV reader finish normally; the caller then rejects the file.</para>
/// <para>.NET's <see cref="System.IO.Compression.GZipStream"/> ends quietly when its input runs out mid-stream, so a
/// truncated upload would read as a shorter file, its last rows silently missing. A gzip file ends with the CRC-32 and the
/// size (mod 2³²) of what it inflates to; the last 8 bytes of the file must be exactly those of everything inflated. That
/// also refuses several gzip members concatenated, or bytes after the gzip data, which no export tool writes.</para>
/// </remarks>
internal sealed class InflateGuardStream(Stream inflating, HashingStream compressed, long maxBytes, double maxRatio) : Stream
{
    private readonly Crc32 crc = new();
    private long inflated;
    private bool ended;

    /// <summary>Why inflating was stopped, or null.</summary>
    public string? Violation { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inflated; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Violation is not null) return 0;
        var n = inflating.Read(buffer);
        return Check(buffer[..n], buffer.IsEmpty);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Violation is not null)
        {
            return 0;
        }
        var n = await inflating.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Check(buffer.Span[..n], buffer.IsEmpty);
    }

    private int Check(ReadOnlySpan<byte> read, bool askedForNothing)
    {
        var n = read.Length;
        if (n == 0)
        {
            if (!askedForNothing && !ended)
            {
                ended = true;
                if (!TrailerMatches()) Violation = RejectionReasons.GzipTruncated;
            }
            return 0;
        }
        crc.Append(read);
        inflated += n;
        if (inflated > maxBytes)
        {
            Violation = string.Format(CultureInfo.InvariantCulture, RejectionReasons.InflatesTooLarge, maxBytes);
            return 0;
        }
        // The compressed count includes input the inflater has buffered but not used yet, so the ratio is never overstated.
        if (inflated > maxRatio * Math.Max(1, compressed.BytesRead))
        {
            Violation = string.Format(CultureInfo.InvariantCulture, RejectionReasons.InflatesTooMuch, maxRatio);
            return 0;
        }
        return n;
    }

    private bool TrailerMatches()
    {
        var trailer = compressed.Tail;
        return trailer.Length == HashingStream.TailLength
            && BinaryPrimitives.ReadUInt32LittleEndian(trailer) == crc.GetCurrentHashAsUInt32()
            && BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)inflated;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inflating.Dispose();
        }
        base.Dispose(disposing);
    }
}
