using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Serverless.Domain.Exports;

/// <summary>Inline readers of the spellings the exporter itself writes on nearly every row (<c>317</c>, <c>0</c>,
/// <c>1</c>): a few word operations where the general parsers of <see cref="Utf8Fields"/> are a call, a loop and a
/// branch per byte.</summary>
/// <remarks>Each one accepts only a strict subset of what its general parser accepts, with the same value, and says
/// "not this form" for everything else, which the caller then hands to the general parser: so no value changes
/// outcome (pinned by <c>UsualFormsTests</c>, which feeds both).</remarks>
internal static class UsualForms
{
    /// <summary>Whole seconds written as 1–4 plain digits (0–9999, always within the 24 h a duration may be); -1 for
    /// any other value, which <see cref="Utf8Fields.Duration"/> then reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Seconds(ReadOnlySpan<byte> s)
    {
        var n = s.Length;
        if ((uint)(n - 1) >= 4 || !BitConverter.IsLittleEndian)
        {
            return -1;
        }
        // The n bytes as one little-endian word, zero above them: two overlapping reads, which hold the same bytes
        // where they overlap (as in AgentTable.Pack).
        ref var b = ref MemoryMarshal.GetReference(s);
        var w = n >= 2
            ? Unsafe.ReadUnaligned<ushort>(ref b) | ((uint)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b, n - 2)) << ((n - 2) * 8))
            : b;
        // Right-align the digits (leading zero bytes below them, the first digit most significant) and take '0' off each.
        var shift = (4 - n) * 8;
        var d = (w << shift) - (0x3030_3030u << shift);
        // A byte below '0' wraps to a high nibble; one above '9' gets there once 6 is added. (A borrow or carry into a
        // neighbour only happens next to a byte that is flagged itself.)
        if (((d | (d + 0x0606_0606u)) & 0xF0F0_F0F0u) != 0)
        {
            return -1;
        }
        // Pairs of digits into bytes 0 and 2 (tens * 10 + ones; no byte passes 99), then the two pairs.
        d = (d * 10) + (d >> 8);
        return (int)(((d & 0xFF) * 100) + ((d >> 16) & 0xFF));
    }

    /// <summary><c>0</c> or <c>1</c>; false for any other value, which <see cref="Utf8Fields.Boolean"/> then reads.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryBit(ReadOnlySpan<byte> s, out bool value)
    {
        if (s.Length == 1 && (uint)(s[0] - '0') <= 1)
        {
            value = s[0] == (byte)'1';
            return true;
        }
        value = false;
        return false;
    }
}
