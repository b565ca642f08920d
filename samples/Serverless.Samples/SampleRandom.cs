namespace Serverless.Samples;

/// <summary>
/// A small seeded xorshift64* generator. Our own rather than <see cref="Random"/> so the bytes
/// never change with the runtime's implementation, and so streams can be keyed by (seed, stream, day, agent).
/// </summary>
internal sealed class SampleRandom
{
    private ulong _state;

    private SampleRandom(ulong state) => _state = state == 0 ? 0x9E3779B97F4A7C15UL : state;

    /// <summary>A stream keyed by its purpose and up to two coordinates (a day number, an agent index).</summary>
    public static SampleRandom For(int seed, SampleStream stream, long a = 0, long b = 0)
    {
        var h = Mix((ulong)(uint)seed);
        h = Mix(h ^ (ulong)stream);
        h = Mix(h ^ (ulong)a);
        h = Mix(h ^ (ulong)b);
        return new SampleRandom(h);
    }

    // SplitMix64's finaliser: spreads neighbouring keys (day 1, day 2) into unrelated states.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [minInclusive, maxInclusive].</summary>
    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>Uniform in [min, max).</summary>
    public double Between(double min, double max) => min + (NextDouble() * (max - min));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Standard normal (Box-Muller; the second value is dropped to keep the stream simple).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Lognormal with the given mean, so averages come out where the caller asked.</summary>
    public double LogNormalWithMean(double mean, double sigma) =>
        mean * Math.Exp((sigma * NextGaussian()) - (sigma * sigma / 2));

    /// <summary>A count around <paramref name="mean"/> (normal approximation of Poisson), never negative.</summary>
    public int Count(double mean) => Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * NextGaussian())));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
