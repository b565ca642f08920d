using System.Text;
using Serverless.Domain.Exports;

namespace Serverless.Domain.Tests.Exports;

/// <summary>The inline readers of the exporter's usual spellings must never disagree with the general parsers they
/// stand in front of: whenever a fast path takes a value, the general parser takes it too, with the same result.</summary>
public sealed class UsualFormsTests
{
    // Bytes around the edges of the digit checks ('/' and ':' border the digits), padding, signs, separators, non-ASCII.
    private static readonly byte[] Edgy = "0123456789/:;.,-+ \t\0aA"u8.ToArray().Concat(new byte[] { 0x29, 0x2F, 0x40, 0x7F, 0x80, 0xB9, 0xE4, 0xFF }).ToArray();

    [Fact]
    public void Seconds_agrees_with_Duration_on_every_one_and_two_byte_value()
    {
        var buffer = new byte[2];
        for (var a = 0; a < 256; a++)
        {
            buffer[0] = (byte)a;
            AssertSecondsAgree(buffer.AsSpan(0, 1));
            for (var b = 0; b < 256; b++)
            {
                buffer[1] = (byte)b;
                AssertSecondsAgree(buffer);
            }
        }
    }

    [Fact]
    public void Seconds_agrees_with_Duration_on_three_to_six_bytes_of_edge_bytes()
    {
        // Every combination of the edge bytes up to 4 long (~300k values), then random ones of 5 and 6 bytes.
        foreach (var length in new[] { 3, 4 })
        {
            var value = new byte[length];
            var digits = new int[length];
            while (true)
            {
                for (var i = 0; i < length; i++)
                {
                    value[i] = Edgy[digits[i]];
                }
                AssertSecondsAgree(value);
                var k = 0;
                while (k < length && ++digits[k] == Edgy.Length)
                {
                    digits[k++] = 0;
                }
                if (k == length)
                {
                    break;
                }
            }
        }
        var random = new Random(20261125);
        for (var n = 0; n < 200_000; n++)
        {
            var value = new byte[random.Next(0, 7)];
            for (var i = 0; i < value.Length; i++)
            {
                value[i] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)('0' + random.Next(10));
            }
            AssertSecondsAgree(value);
        }
    }

    [Fact]
    public void Seconds_reads_every_number_of_up_to_four_digits_with_and_without_leading_zeros()
    {
        for (var v = 0; v <= 9999; v++)
        {
            AssertSecondsAgree(Encoding.ASCII.GetBytes(v.ToString(System.Globalization.CultureInfo.InvariantCulture)), expectFast: true);
            AssertSecondsAgree(Encoding.ASCII.GetBytes(v.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), expectFast: true);
        }
        Assert.Equal(-1, UsualForms.Seconds("12345"u8)); // five digits: the general parser's (it bounds them to 24 h)
        Assert.Equal(-1, UsualForms.Seconds(""u8));
    }

    [Fact]
    public void TryBit_agrees_with_Boolean_on_every_one_and_two_byte_value()
    {
        var buffer = new byte[2];
        for (var a = 0; a < 256; a++)
        {
            buffer[0] = (byte)a;
            AssertBitAgrees(buffer.AsSpan(0, 1));
            for (var b = 0; b < 256; b++)
            {
                buffer[1] = (byte)b;
                AssertBitAgrees(buffer);
            }
        }
        Assert.True(UsualForms.TryBit("1"u8, out var one) && one);
        Assert.True(UsualForms.TryBit("0"u8, out var zero) && !zero);
    }

    private static void AssertSecondsAgree(ReadOnlySpan<byte> value, bool expectFast = false)
    {
        var fast = UsualForms.Seconds(value);
        if (expectFast)
        {
            Assert.True(fast >= 0, Encoding.Latin1.GetString(value));
        }
        if (fast >= 0)
        {
            Assert.Null(Utf8Fields.Duration(value, out var general));
            Assert.Equal(general, fast);
        }
    }

    private static void AssertBitAgrees(ReadOnlySpan<byte> value)
    {
        if (UsualForms.TryBit(value, out var fast))
        {
            Assert.Null(Utf8Fields.Boolean(value, out var general));
            Assert.Equal(general, fast);
        }
    }
}
