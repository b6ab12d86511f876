namespace DataBroker.Records.Synthetic;

/// <summary>
/// SplitMix64's finaliser as a keyed hash. Defined bit for bit, unlike string.GetHashCode or
/// System.Random, so every replica and every restart derives the same citizen.
/// </summary>
internal static class DeterministicHash
{
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Of(ulong a, ulong b) => Mix(Mix(a) ^ b);

    public static ulong Of(ulong a, ulong b, ulong c) => Mix(Of(a, b) ^ c);

    public static ulong Of(ulong a, ulong b, ulong c, ulong d) => Mix(Of(a, b, c) ^ d);
}
