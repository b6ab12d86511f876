using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Where a newest-first read of the chains stands: for each chain with entries left, the position below which
/// they lie (exclusive). A chain it does not name has nothing left. As a page token it is opaque (base64url).
/// </summary>
public sealed record AuditCursor(IReadOnlyDictionary<string, long> Tops)
{
    /// <summary>Null when no chain has anything left.</summary>
    public static AuditCursor? Of(IEnumerable<KeyValuePair<string, long>> tops)
    {
        var left = tops.Where(t => t.Value > 1).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return left.Count == 0 ? null : new AuditCursor(left);
    }

    /// <summary>This cursor moved past <paramref name="consumed"/> (read newest first from it).</summary>
    public AuditCursor? Past(IEnumerable<ChainEntry> consumed)
    {
        var tops = new Dictionary<string, long>(Tops, StringComparer.Ordinal);
        foreach (var entry in consumed)
            tops[entry.Source] = Math.Min(tops.GetValueOrDefault(entry.Source, long.MaxValue), entry.Seq);
        return Of(tops);
    }

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n',
        Tops.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "\n" + t.Value.ToString(CultureInfo.InvariantCulture)))));

    /// <summary>Null when the text is not a token <see cref="Encode"/> made.</summary>
    public static AuditCursor? Decode(string token)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
            return null;
        var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('\n');
        if (parts.Length % 2 != 0)
            return null;
        var tops = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i += 2)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var top) || top < 2
                || parts[i].Length == 0 || !tops.TryAdd(parts[i], top))
                return null;
        }
        return new AuditCursor(tops);
    }
}
