using System.Text;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// A request id as Redis keeps it where it is stored once per request beside the request's key (an index member, an
/// idempotency entry): 0 and its 16 bytes when it is an id <see cref="RequestIds.New"/> wrote for the unit (17 bytes
/// instead of the unit's name and 27 characters), else its text. A text id never starts with a 0 byte (ids are
/// printable), so the two cannot be confused, and members written as text by earlier brokers read as before.
/// <para>
/// An index member, scored by the request's creation (ms), is shorter still since 2026-12-03 (req11): 2 and the id's
/// 10 random bytes where the score is the millisecond the id's first 6 bytes hold (as <see cref="RequestIds.New"/>
/// writes them, at creation), which the reader takes from the score. 11 bytes, not 17, take a sorted set's member
/// below Redis's next allocation size (a skiplist's 118 B per member fall to 102).
/// </para>
/// </summary>
internal static class CompactRequestId
{
    private const byte Binary = 0;
    private const byte Scored = 2;

    /// <summary>The 17-byte form, or null where the id is not one <see cref="RequestIds.New"/> wrote for <paramref name="unit"/>.</summary>
    public static byte[]? BinaryOf(string unit, string requestId)
    {
        var compact = new byte[17];
        compact[0] = Binary;
        return RequestIds.TryGetBytes(unit, requestId, compact.AsSpan(1)) ? compact : null;
    }

    /// <summary>How the id is stored: <see cref="BinaryOf"/>, else its UTF-8 text.</summary>
    public static byte[] Of(string unit, string requestId) => BinaryOf(unit, requestId) ?? Encoding.UTF8.GetBytes(requestId);

    /// <summary>How an index scored by <paramref name="scoreMs"/> keeps the id: the 11-byte form where the score is the id's millisecond, else <see cref="Of"/>.</summary>
    public static byte[] MemberOf(string unit, string requestId, long scoreMs)
    {
        var compact = Of(unit, requestId);
        return IsBinary(compact) && RequestIds.MillisecondOf(compact.AsSpan(1)) == scoreMs ? [Scored, .. compact.AsSpan(7)] : compact;
    }

    /// <summary>Whether a stored form is the 17-byte one.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> stored) => stored.Length == 17 && stored[0] == Binary;

    /// <summary>The id a stored form names.</summary>
    public static string Read(string unit, ReadOnlySpan<byte> stored) =>
        IsBinary(stored) ? RequestIds.FromBytes(unit, stored[1..]) : Encoding.UTF8.GetString(stored);

    /// <summary>The id an index member scored by <paramref name="scoreMs"/> names, in any of its forms.</summary>
    public static string Read(string unit, ReadOnlySpan<byte> member, long scoreMs)
    {
        if (member.Length != 11 || member[0] != Scored)
            return Read(unit, member);
        Span<byte> id = stackalloc byte[16];
        RequestIds.SetMillisecond(id, scoreMs);
        member[1..].CopyTo(id[6..]);
        return RequestIds.FromBytes(unit, id);
    }
}
