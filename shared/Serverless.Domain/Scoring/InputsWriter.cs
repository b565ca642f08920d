using System.Globalization;

namespace Serverless.Domain.Scoring;

/// <summary>
/// Writes a ledger entry's inputs ("E=112.4 AHT=286.0") into a stack buffer, culture-invariant by construction.
/// Fixed-point digits are written from integers because general double formatting dominated the scoring loop.
/// </summary>
internal ref struct InputsWriter(Span<char> buffer)
{
    private static readonly double[] Scale = [1, 10, 100, 1000, 10000];
    private readonly Span<char> buffer = buffer;
    private int length;

    public void Name(string name)
    {
        if (length > 0) buffer[length++] = ' ';
        Text(name);
        buffer[length++] = '=';
    }

    public void Text(string text)
    {
        text.AsSpan().CopyTo(buffer[length..]);
        length += text.Length;
    }

    public void Char(char c) => buffer[length++] = c;

    public void Integer(long value)
    {
        value.TryFormat(buffer[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
    }

    public void Fixed(double value, int decimals)
    {
        var scaled = Math.Round(Math.Abs(value) * Scale[decimals], MidpointRounding.AwayFromZero);
        if (!double.IsFinite(value) || scaled >= long.MaxValue / 10)
        {
            value.TryFormat(buffer[length..], out var raw, "R", CultureInfo.InvariantCulture);
            length += raw;
            return;
        }
        var units = (long)scaled;
        if (value < 0 && units != 0) buffer[length++] = '-';
        var pow = (long)Scale[decimals];
        Integer(units / pow);
        if (decimals == 0) return;
        buffer[length++] = '.';
        var fraction = units % pow;
        for (var d = decimals - 1; d >= 0; d--)
        {
            buffer[length + d] = (char)('0' + fraction % 10);
            fraction /= 10;
        }
        length += decimals;
    }

    public void Decimal(decimal value)
    {
        value.TryFormat(buffer[length..], out var written, "0.##########", CultureInfo.InvariantCulture);
        length += written;
    }

    public override readonly string ToString() => new(buffer[..length]);
}
