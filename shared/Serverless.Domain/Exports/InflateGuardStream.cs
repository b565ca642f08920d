using System.Globalization;

namespace Serverless.Domain.Exports;

/// <summary>Counts what a gzip stream inflates and stops it (end of input plus a <see cref="Violation"/>) past the size or ratio bound.</summary>
/// <remarks>Checked on every read, so a gzip bomb is stopped after at most one buffer past the bound, never inflated fully.
/// Ending the input instead of throwing lets the CSV reader finish normally; the caller then rejects the file.</remarks>
internal sealed class InflateGuardStream(Stream inflating, HashingStream compressed, long maxBytes, double maxRatio) : Stream
{
    private long inflated;

    /// <summary>Why inflating was stopped, or null.</summary>
    public string? Violation { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => inflated; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Violation is null ? Check(inflating.Read(buffer)) : 0;

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Violation is not null)
        {
            return 0;
        }
        return Check(await inflating.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    }

    private int Check(int n)
    {
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
