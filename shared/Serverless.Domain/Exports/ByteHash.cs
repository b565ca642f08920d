using System.Buffers.Binary;
using System.Numerics;

namespace Serverless.Domain.Exports;

/// <summary>A fast 64-bit hash of a short byte string (ids), seeded per process so crafted ids cannot aim at one bucket.</summary>
/// <remarks>Not a content hash: only for placing keys in the in-memory tables of one read.</remarks>
internal static class ByteHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    public static ulong Hash64(ReadOnlySpan<byte> s)
    {
        var h = Seed ^ ((ulong)s.Length * Prime1);
        while (s.Length >= 8)
        {
            h = Mix(h ^ BinaryPrimitives.ReadUInt64LittleEndian(s));
            s = s[8..];
        }
        if (!s.IsEmpty)
        {
            ulong tail = 0;
            for (var i = s.Length - 1; i >= 0; i--)
            {
                tail = (tail << 8) | s[i];
            }
            h = Mix(h ^ tail);
        }
        return Finish(h);
    }

    /// <summary>Scrambles a 64-bit value (the avalanche step of xxHash64).</summary>
    public static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime1;
        h ^= h >> 32;
        return h;
    }

    private static ulong Mix(ulong h) => BitOperations.RotateLeft(h * Prime2, 31) * Prime1;
}
