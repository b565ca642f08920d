using System.Text;

namespace Serverless.Domain.Exports;

/// <summary>A read-only pass-through that notes whether every byte read through it so far was ASCII.</summary>
/// <remarks>The reader checks that each record's bytes are readable text (valid UTF-8, or GB18030 without replaced
/// bytes). While nothing but ASCII has come out of the text stream, every record, being made of bytes that came out
/// of it, is ASCII and so readable: that is checked here once per buffer (one vectorised pass over bytes just read)
/// instead of once per record (a call per record). From the first non-ASCII byte on, records are checked one by one
/// as before.</remarks>
internal sealed class AsciiWatchStream(Stream inner) : Stream
{
    /// <summary>Whether every byte read so far was ASCII.</summary>
    public bool AllAscii { get; private set; } = true;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Watch(buffer[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Watch(buffer.Span[..n]);
        return n;
    }

    private void Watch(ReadOnlySpan<byte> read)
    {
        if (AllAscii && !Ascii.IsValid(read))
        {
            AllAscii = false;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
