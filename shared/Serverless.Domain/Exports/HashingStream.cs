using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;

namespace Serverless.Domain.Exports;

/// <summary>A read-only pass-through that hashes (SHA-256) and counts every raw byte read from the blob.</summary>
/// <remarks>
/// <para>The hash identifies the bytes as stored, so it is taken before any gunzip, and <see cref="DrainAsync"/>
/// reads to the end even when parsing stopped early: the same bytes must always give the same hash.</para>
/// <para>With more than one processor the hashing runs beside the parse: each chunk read is copied (a pooled buffer)
/// to one background task that hashes the chunks in order, through a bounded channel so at most
/// <see cref="PipelinedChunks"/> chunks wait. With one processor it runs inline, as there is nothing to overlap with.</para>
/// </remarks>
internal sealed class HashingStream : Stream
{
    private const int PipelinedChunks = 8;
    private readonly Stream inner;
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Channel<(byte[] Buffer, int Length)>? pipe;
    private readonly Task? hashing;

    public HashingStream(Stream inner)
        : this(inner, pipelined: Environment.ProcessorCount > 1)
    {
    }

    public HashingStream(Stream inner, bool pipelined)
    {
        this.inner = inner;
        if (pipelined)
        {
            pipe = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(PipelinedChunks)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
            hashing = Task.Run(HashChunksAsync);
        }
    }

    /// <summary>Raw bytes read so far (the compressed size for a gzip file).</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
        {
            BytesRead += n;
            if (pipe is null)
            {
                hash.AppendData(buffer[..n]);
            }
            else
            {
                var chunk = Copy(buffer[..n]);
                while (!pipe.Writer.TryWrite(chunk))
                {
                    pipe.Writer.WaitToWriteAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            BytesRead += n;
            if (pipe is null)
            {
                hash.AppendData(buffer.Span[..n]);
            }
            else
            {
                await pipe.Writer.WriteAsync(Copy(buffer.Span[..n]), cancellationToken).ConfigureAwait(false);
            }
        }
        return n;
    }

    /// <summary>Reads (and hashes) whatever the parser did not consume.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
        if (pipe is not null)
        {
            pipe.Writer.TryComplete();
            await hashing!.ConfigureAwait(false);
        }
    }

    /// <summary>Lower-case hex SHA-256 of the bytes read so far.</summary>
    public string HashHex()
    {
        if (pipe is not null)
        {
            // After DrainAsync this is already done; otherwise no more chunks come once the hash is asked for.
            pipe.Writer.TryComplete();
            hashing!.GetAwaiter().GetResult();
        }
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static (byte[], int) Copy(ReadOnlySpan<byte> bytes)
    {
        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(copy);
        return (copy, bytes.Length);
    }

    private async Task HashChunksAsync()
    {
        await foreach (var (buffer, length) in pipe!.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            hash.AppendData(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
            if (pipe is not null)
            {
                // The background task must be done with the hash before it is disposed.
                pipe.Writer.TryComplete();
                hashing!.GetAwaiter().GetResult();
            }
            hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
