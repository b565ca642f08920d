using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Serverless.Samples;

/// <summary>
/// Writes CSV rows through one reusable char buffer, formatting numbers and times in place,
/// so a million-row file costs no per-row strings. RFC 4180 quoting, CRLF line ends as Excel writes.
/// </summary>
internal sealed class CsvRowWriter : IDisposable
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";
    private const string DateFormat = "yyyy-MM-dd";
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private readonly StreamWriter _writer;
    private char[] _line = new char[512];
    private int _length;
    private bool _atRowStart = true;

    private CsvRowWriter(StreamWriter writer) => _writer = writer;

    /// <summary>Data rows ended so far (the header is not one).</summary>
    public long Rows { get; private set; }

    /// <summary>Wraps <paramref name="output"/> (left open) in the options' encoding and, if asked, gzip.</summary>
    public static CsvRowWriter Open(Stream output, SampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        var encoding = options.Gb18030 ? Gb18030Encoding.Instance : Utf8;
        // With gzip the writer owns the GZipStream (disposing it writes the trailer) and the GZipStream leaves output open.
        var writer = options.Gzip
            ? new StreamWriter(new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true), encoding, 1 << 16, leaveOpen: false)
            : new StreamWriter(output, encoding, 1 << 16, leaveOpen: true);
        return new CsvRowWriter(writer);
    }

    public void Header(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            Field(name);
        }
        EndLine();
    }

    public void Field(string value) => Field(value.AsSpan());

    public void Field(ReadOnlySpan<char> value)
    {
        Separator();
        if (value.ContainsAny(NeedsQuoting))
        {
            Append('"');
            foreach (var c in value)
            {
                if (c == '"')
                {
                    Append('"');
                }
                Append(c);
            }
            Append('"');
            return;
        }
        Ensure(value.Length);
        value.CopyTo(_line.AsSpan(_length));
        _length += value.Length;
    }

    public void Field(long value)
    {
        Separator();
        Format(value, default);
    }

    /// <summary>A prefix and a zero-padded number as one field: call ids (20261001-000042) and fake callers (199…).</summary>
    public void Field(string prefix, long number, string numberFormat)
    {
        Separator();
        Ensure(prefix.Length);
        prefix.AsSpan().CopyTo(_line.AsSpan(_length));
        _length += prefix.Length;
        Format(number, numberFormat);
    }

    public void Field(double value, string format)
    {
        Separator();
        int written;
        while (!value.TryFormat(_line.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
        {
            Grow();
        }
        _length += written;
    }

    public void Field(DateTime value)
    {
        Separator();
        int written;
        while (!value.TryFormat(_line.AsSpan(_length), out written, TimeFormat, CultureInfo.InvariantCulture))
        {
            Grow();
        }
        _length += written;
    }

    public void Field(DateOnly value)
    {
        Separator();
        int written;
        while (!value.TryFormat(_line.AsSpan(_length), out written, DateFormat, CultureInfo.InvariantCulture))
        {
            Grow();
        }
        _length += written;
    }

    /// <summary>Booleans as 1/0, the form every export system agrees on.</summary>
    public void Flag(bool value)
    {
        Separator();
        Append(value ? '1' : '0');
    }

    /// <summary>An empty field (an optional value left blank).</summary>
    public void Empty() => Separator();

    public void EndRow()
    {
        EndLine();
        Rows++;
    }

    public void Dispose() => _writer.Dispose();

    private void Format(long value, string? format)
    {
        int written;
        while (!value.TryFormat(_line.AsSpan(_length), out written, format, CultureInfo.InvariantCulture))
        {
            Grow();
        }
        _length += written;
    }

    private void EndLine()
    {
        Append('\r');
        Append('\n');
        _writer.Write(_line.AsSpan(0, _length));
        _length = 0;
        _atRowStart = true;
    }

    private void Separator()
    {
        if (!_atRowStart)
        {
            Append(',');
        }
        _atRowStart = false;
    }

    private void Append(char c)
    {
        Ensure(1);
        _line[_length++] = c;
    }

    private void Ensure(int more)
    {
        while (_length + more > _line.Length)
        {
            Grow();
        }
    }

    private void Grow() => Array.Resize(ref _line, _line.Length * 2);
}
