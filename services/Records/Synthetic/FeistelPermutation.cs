namespace DataBroker.Records.Synthetic;

/// <summary>
/// A keyed bijection of [0, size): a balanced Feistel network over the smallest even number of
/// bits that covers size, with cycle-walking back into range. No table, so it costs the same for
/// a hundred citizens or fifty million, and it inverts exactly.
/// </summary>
internal sealed class FeistelPermutation
{
    private const int Rounds = 6;
    private readonly long _size;
    private readonly int _halfBits;
    private readonly ulong _halfMask;
    private readonly ulong[] _roundKeys = new ulong[Rounds];

    public FeistelPermutation(long size, ulong key)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2L);
        _size = size;
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(size - 1));
        _halfBits = (bits + 1) / 2;
        _halfMask = (1UL << _halfBits) - 1;
        for (var i = 0; i < Rounds; i++)
            _roundKeys[i] = DeterministicHash.Of(key, (ulong)i);
    }

    public long Size => _size;

    public long Forward(long value) => Walk(value, forward: true);

    public long Inverse(long value) => Walk(value, forward: false);

    private long Walk(long value, bool forward)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, _size);
        // The domain is under 4x size, so the walk ends after a few steps on average.
        var x = (ulong)value;
        do x = forward ? Encrypt(x) : Decrypt(x); while (x >= (ulong)_size);
        return (long)x;
    }

    private ulong Encrypt(ulong x)
    {
        var left = x >> _halfBits;
        var right = x & _halfMask;
        for (var i = 0; i < Rounds; i++)
            (left, right) = (right, left ^ Round(right, i));
        return (left << _halfBits) | right;
    }

    private ulong Decrypt(ulong x)
    {
        var left = x >> _halfBits;
        var right = x & _halfMask;
        for (var i = Rounds - 1; i >= 0; i--)
            (left, right) = (right ^ Round(left, i), left);
        return (left << _halfBits) | right;
    }

    private ulong Round(ulong half, int round) => DeterministicHash.Of(_roundKeys[round], half) & _halfMask;
}
