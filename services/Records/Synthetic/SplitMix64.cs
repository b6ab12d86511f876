namespace DataBroker.Records.Synthetic;

/// <summary>A small, fully specified PRNG stream (SplitMix64), seeded from a <see cref="DeterministicHash"/>.</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound); the modulo bias is below 2^-30 for the bounds used here.</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    public long NextLong(long bound) => (long)(NextUInt64() % (ulong)bound);

    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>Uniform in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public T PickWeighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        var total = 0;
        foreach (var (_, weight) in items)
            total += weight;
        var roll = Next(total);
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
                return item;
            roll -= weight;
        }
        throw new InvalidOperationException("Weights must be positive.");
    }
}
