namespace DataBroker.LoadDriver;

/// <summary>
/// Latencies in microseconds, bucketed log-linearly (64 sub-buckets per power of two, under 1.6 % error),
/// recorded lock-free from any number of workers; memory is fixed whatever the call count.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int SubBuckets = 1 << SubBits;
    private readonly long[] _counts = new long[64 * SubBuckets];

    public long Count => _counts.Sum();

    public void Record(long microseconds)
    {
        var index = IndexOf(Math.Max(microseconds, 0));
        Interlocked.Increment(ref _counts[index]);
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0..1) in milliseconds; 0 when empty.</summary>
    public double QuantileMs(double q)
    {
        var total = Count;
        if (total == 0)
            return 0;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(rank, 1))
                return UpperBoundOf(i) / 1000.0;
        }
        return UpperBoundOf(_counts.Length - 1) / 1000.0;
    }

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
            return (int)value;
        var exponent = 63 - (int)long.LeadingZeroCount(value) - SubBits + 1;
        var mantissa = (int)(value >> exponent) - SubBuckets / 2;
        return exponent * (SubBuckets / 2) + SubBuckets / 2 + mantissa;
    }

    private static long UpperBoundOf(int index)
    {
        if (index < SubBuckets)
            return index;
        var exponent = (index - SubBuckets / 2) / (SubBuckets / 2);
        var mantissa = (index - SubBuckets / 2) % (SubBuckets / 2) + SubBuckets / 2;
        return ((long)(mantissa + 1) << exponent) - 1;
    }
}
