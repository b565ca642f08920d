using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Serverless.Domain.Exports;

/// <summary>The call ids of one file, to reject duplicates exactly, in little memory for the usual (serial) ids.</summary>
/// <remarks>
/// <para>An id of at most 16 characters from <c>0-9 - . / : space</c> (call serial numbers such as <c>20261008-000001</c>)
/// is packed losslessly, 4 bits a character, into one <see cref="ulong"/> (ids of 8 or more characters 8 at a time, with
/// word arithmetic, as the codes of <c>- . / 0-9 :</c> are their bytes minus 0x2C): equal packed values are equal ids, so there is
/// no false duplicate to guard against and no copy of the bytes. Any other id goes to a <see cref="Utf8KeySet"/> that
/// keeps its bytes (started small: a few odd ids must not cost a table sized for the file). (A table of 64-bit
/// <em>hashes</em> would be as small but could not be exact: once only the hash of the first id is kept, a second id with
/// the same hash cannot be told apart.)</para>
/// <para>Packed ids are kept as a bitmap per prefix: all but the last two characters pick a slot in a small
/// open-addressing table, and the last two (8 bits) a bit of that slot's 256-bit map. Serial ids fill a slot a hundred
/// at a time, in order: 1M of them need ~10k slots (~640 KB, in cache) and mostly hit the slot the previous id used,
/// where one flat table of packed ids needed 16 MiB of random accesses (measured: ~2–3× slower on 1M serials).
/// Ids whose prefixes do not repeat (random numbers) would waste the maps, so once the table holds fewer than
/// <see cref="MinIdsPerPrefix"/> ids per prefix it is traded, once, for a flat table of packed ids (8 bytes each at
/// ≤ 3/4 load).</para>
/// </remarks>
/// <param name="expected">How many ids the caller expects (a hint for the flat table, should one be needed).</param>
internal sealed class CallIdSet(int expected)
{
    private const int MaxPacked = 16;
    private const int MinSlots = 1 << 12;
    private const int MinPrefixSlots = 1 << 10;
    private const int MinIdsPerPrefix = 4;
    // A slot of the prefix table: the prefix + 1 (0 = empty), then its 256-bit map.
    private const int Stride = 5;

    // 1..15 for the bytes an id may pack (byte - 0x2C for '-' to ':', 15 for space); 0 for any other byte.
    private static ReadOnlySpan<byte> Codes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    // Prefix maps (the usual case): Stride ulongs per slot.
    private ulong[] prefixSlots = new ulong[MinPrefixSlots * Stride];
    private int prefixCount;
    private ulong lastKey; // prefix + 1 of the slot at lastSlot; 0 = none yet
    private int lastSlot;

    // The flat table, once prefixes turned out not to repeat.
    private ulong[]? slots;
    private int shift;

    private int count;
    private Utf8KeySet? others;

    public int Count => count + (others?.Count ?? 0);

    /// <summary>A power-of-two table size that holds <paramref name="expected"/> keys at most 3/4 full.</summary>
    public static int SlotsFor(int expected, int min) =>
        (int)Math.Min(1 << 30, Math.Max(min, BitOperations.RoundUpToPowerOf2((uint)Math.Min(int.MaxValue / 2, (expected * 4L / 3) + 1))));

    // The last id that went through the prefix maps, when it had 10-16 bytes: its length and its bytes 0-7 and
    // n-10..n-3, which together are all but its last two (its prefix, whose slot is lastSlot). 0 = none.
    private int lastLength;
    private ulong lastHead, lastMiddle;

    /// <summary>Adds the id; false when it was already there.</summary>
    public bool Add(ReadOnlySpan<byte> id)
    {
        var n = id.Length;
        if (n == lastLength && slots is null)
        {
            // Serial ids: the same prefix as the previous id, nearly always. Two word compares tell, and then only the
            // last two characters need packing (their codes, from the table) to pick the bit under lastSlot: the bit
            // and slot the full packing below would pick, as equal prefixes pack equally.
            ref var b = ref MemoryMarshal.GetReference(id);
            if (Unsafe.ReadUnaligned<ulong>(ref b) == lastHead && Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref b, n - 10)) == lastMiddle)
            {
                var codeOf = Codes;
                var high = codeOf[Unsafe.Add(ref b, n - 2)];
                var low = codeOf[Unsafe.Add(ref b, n - 1)];
                if (high != 0 && low != 0)
                {
                    return Mark(prefixSlots, lastSlot, (high << 4) | low);
                }
            }
        }
        if (n > MaxPacked)
        {
            return (others ??= new Utf8KeySet()).Add(id);
        }
        if (id.Length >= 8)
        {
            // Big-endian, so the first character is the most significant byte, as in the loop below.
            var first = BinaryPrimitives.ReadUInt64BigEndian(id);
            var last = BinaryPrimitives.ReadUInt64BigEndian(id[^8..]);
            if (InCodeRange(first) && InCodeRange(last))
            {
                // The last 8 characters are the low 32 bits; the first n - 8 (the top of 'first') go above them.
                var high = Nibbles(first - CodeBase) >> (4 * (16 - id.Length));
                var packedWords = (high << 32) | Nibbles(last - CodeBase);
                return slots is null ? AddToMap(packedWords, id) : AddFlat(packedWords);
            }
        }
        ulong packed = 0;
        var codes = Codes;
        foreach (var b in id)
        {
            var code = codes[b];
            if (code == 0)
            {
                return (others ??= new Utf8KeySet()).Add(id);
            }
            packed = (packed << 4) | code;
        }
        // Codes are never 0, so no two ids (of any lengths) pack alike, and no id packs to 0 (the empty slot).
        return slots is null ? AddToMap(packed, id) : AddFlat(packed);
    }

    private const ulong CodeBase = 0x2C2C2C2C2C2C2C2CUL;
    private const ulong HighBits = 0x8080808080808080UL;

    // Whether every byte is in '-'..':' (0x2D..0x3A): below 0x80, and adding 0x53 sets its top bit while adding 0x45 does not.
    private static bool InCodeRange(ulong w)
    {
        var low7 = w & ~HighBits;
        return (w & HighBits) == 0
            && ((low7 + 0x5353535353535353UL) & HighBits) == HighBits
            && ((low7 + 0x4545454545454545UL) & HighBits) == 0;
    }

    // Eight bytes of 0..15 (first the most significant) into eight nibbles, in the same order.
    private static ulong Nibbles(ulong codes)
    {
        codes = (codes | (codes >> 4)) & 0x00FF00FF00FF00FFUL;
        codes = (codes | (codes >> 8)) & 0x0000FFFF0000FFFFUL;
        return (codes | (codes >> 16)) & 0xFFFFFFFFUL;
    }

    private bool AddToMap(ulong packed, ReadOnlySpan<byte> id)
    {
        // Whatever happens below ends with lastSlot holding this id's prefix, or with the flat table (no maps).
        if ((uint)(id.Length - 10) <= MaxPacked - 10 && BitConverter.IsLittleEndian)
        {
            lastLength = id.Length;
            lastHead = BinaryPrimitives.ReadUInt64LittleEndian(id);
            lastMiddle = BinaryPrimitives.ReadUInt64LittleEndian(id[(id.Length - 10)..]);
        }
        else
        {
            lastLength = 0;
        }
        var key = (packed >> 8) + 1;
        var table = prefixSlots;
        var slot = lastSlot;
        if (key != lastKey)
        {
            slot = FindPrefix(table, key);
            if (table[slot] == 0)
            {
                if ((prefixCount + 1) * 4L > table.Length / Stride * 3L)
                {
                    // Before growing the maps, see whether they pay: serial ids put dozens under each prefix.
                    if (count >= MinSlots && count < prefixCount * MinIdsPerPrefix)
                    {
                        ToFlat();
                        return AddFlat(packed);
                    }
                    GrowMaps();
                    table = prefixSlots;
                    slot = FindPrefix(table, key);
                }
                table[slot] = key;
                prefixCount++;
            }
            lastKey = key;
            lastSlot = slot;
        }
        return Mark(table, slot, (int)(packed & 0xFF));
    }

    // Sets the bit of the last two characters' codes in the map of the slot; false when it was set already.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Mark(ulong[] table, int slot, int low)
    {
        ref var word = ref table[slot + 1 + (low >> 6)];
        var bit = 1UL << low;
        if ((word & bit) != 0)
        {
            return false;
        }
        word |= bit;
        count++;
        return true;
    }

    // The slot (an index into the Stride-wide array) holding the key, or the empty one where it goes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindPrefix(ulong[] table, ulong key)
    {
        var mask = (table.Length / Stride) - 1;
        var i = (int)ByteHash.Finish(key) & mask;
        while (true)
        {
            var stored = table[i * Stride];
            if (stored == key || stored == 0)
            {
                return i * Stride;
            }
            i = (i + 1) & mask;
        }
    }

    private void GrowMaps()
    {
        var old = prefixSlots;
        var table = new ulong[old.Length * 2];
        for (var s = 0; s < old.Length; s += Stride)
        {
            if (old[s] != 0)
            {
                old.AsSpan(s, Stride).CopyTo(table.AsSpan(FindPrefix(table, old[s]), Stride));
            }
        }
        prefixSlots = table;
        lastKey = 0;
    }

    // Moves every id from the prefix maps to the flat table, for good.
    private void ToFlat()
    {
        Resize(SlotsFor(Math.Max(expected, count * 2), MinSlots));
        var table = prefixSlots;
        for (var s = 0; s < table.Length; s += Stride)
        {
            if (table[s] == 0)
            {
                continue;
            }
            var prefix = (table[s] - 1) << 8;
            for (var w = 0; w < 4; w++)
            {
                for (var bits = table[s + 1 + w]; bits != 0; bits &= bits - 1)
                {
                    Place(slots!, prefix | (uint)((w << 6) + BitOperations.TrailingZeroCount(bits)));
                }
            }
        }
        prefixSlots = [];
        prefixCount = 0;
        lastKey = 0;
    }

    private bool AddFlat(ulong packed)
    {
        var table = slots!;
        var mask = table.Length - 1;
        var slot = Slot(packed) & mask;
        while (true)
        {
            var stored = table[slot];
            if (stored == packed)
            {
                return false;
            }
            if (stored == 0)
            {
                break;
            }
            slot = (slot + 1) & mask;
        }
        table[slot] = packed;
        count++;
        if (count * 4L > table.Length * 3L)
        {
            Resize(table.Length * 2);
        }
        return true;
    }

    private int Slot(ulong packed) => (int)(ByteHash.Finish(packed) >> shift);

    private void Place(ulong[] table, ulong packed)
    {
        var mask = table.Length - 1;
        var slot = Slot(packed) & mask;
        while (table[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = packed;
    }

    private void Resize(int size)
    {
        var old = slots ?? [];
        slots = new ulong[size];
        shift = 64 - BitOperations.Log2((uint)size);
        foreach (var packed in old)
        {
            if (packed != 0)
            {
                Place(slots, packed);
            }
        }
    }
}
