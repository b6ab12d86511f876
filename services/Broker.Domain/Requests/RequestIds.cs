using System.Security.Cryptography;

namespace DataBroker.Broker.Domain.Requests;

/// <summary>
/// Request ids are "UNIT.TIMERANDOM": the unit prefix routes a lookup to the unit's shard, the
/// time-ordered, random suffix (48-bit milliseconds + 80 random bits, Crockford base32) is unguessable.
/// </summary>
public static class RequestIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New(string unit, DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        SetMillisecond(bytes, now.ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(bytes[6..]);
        return FromBytes(unit, bytes);
    }

    /// <summary>The Unix millisecond an id's bytes (<see cref="TryGetBytes"/>) begin with: when <see cref="New"/> wrote it.</summary>
    public static long MillisecondOf(ReadOnlySpan<byte> bytes)
    {
        var ms = 0L;
        foreach (var b in bytes[..6])
            ms = (ms << 8) | b;
        return ms;
    }

    /// <summary>Writes a Unix millisecond as an id's first 6 bytes, big-endian, as <see cref="New"/> does.</summary>
    public static void SetMillisecond(Span<byte> bytes, long ms)
    {
        for (var i = 5; i >= 0; i--, ms >>= 8)
            bytes[i] = (byte)ms;
    }

    /// <summary>The unit named by a well-formed id, else null.</summary>
    public static string? UnitOf(string requestId)
    {
        var dot = requestId.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == requestId.Length - 1 || requestId.Length > 100)
            return null;
        var suffix = requestId.AsSpan(dot + 1);
        foreach (var c in suffix)
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
                return null;
        }
        return requestId[..dot];
    }

    /// <summary>
    /// The 16 bytes of an id of <paramref name="unit"/> exactly as <see cref="New"/> writes one (so they turn back into
    /// the same text), for storage that keeps them rather than 26 characters; false for any other id.
    /// </summary>
    public static bool TryGetBytes(string unit, string requestId, Span<byte> bytes)
    {
        if (bytes.Length != 16 || requestId.Length != unit.Length + 27 || !requestId.StartsWith(unit, StringComparison.Ordinal)
            || requestId[unit.Length] != '.')
            return false;
        int buffer = 0, bits = 0, n = 0;
        foreach (var c in requestId.AsSpan(unit.Length + 1))
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
                return false;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[n++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        // 26 characters carry 130 bits: the last two are padding, zero in a written id.
        return buffer == 0;
    }

    /// <summary>The id of <paramref name="unit"/> whose bytes <see cref="TryGetBytes"/> gave.</summary>
    public static string FromBytes(string unit, ReadOnlySpan<byte> bytes) => unit + "." + Base32(bytes);

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, n = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[n++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0)
            chars[n++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(chars, 0, n);
    }
}
