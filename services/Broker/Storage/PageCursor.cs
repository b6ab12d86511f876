using System.Globalization;
using System.Text;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage;

/// <summary>
/// An opaque page token: the (created-at, id) position of the last request of a page. Positions
/// rather than offsets keep paging stable while requests are added.
/// </summary>
public readonly record struct PageCursor(long CreatedAtMs, string RequestId)
{
    public static PageCursor Of(DataRequest request) => new(request.CreatedAt.ToUnixTimeMilliseconds(), request.Id);

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CreatedAtMs.ToString(CultureInfo.InvariantCulture) + "|" + RequestId));

    /// <summary>Null for an empty token; INVALID_ARGUMENT for a token that is not ours.</summary>
    public static PageCursor? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                return new PageCursor(ms, text[(bar + 1)..]);
        }
        catch (FormatException)
        {
        }
        throw DomainException.Invalid("page_token", "page_token is not a token this service issued; start again without one.");
    }

    /// <summary>
    /// The listing order, oldest first: creation time to the millisecond (what a cursor and the Redis indexes
    /// hold), then id. A store that sorted by the full timestamp would put two requests of one millisecond
    /// in an order the cursor does not know, and a page break between them would skip one.
    /// </summary>
    public static readonly IComparer<DataRequest> Order = Comparer<DataRequest>.Create(
        (a, b) => Of(a).CompareTo(b));

    /// <summary>Orders by creation time, then id.</summary>
    public int CompareTo(DataRequest request) => CompareTo(request.CreatedAt.ToUnixTimeMilliseconds(), request.Id);

    /// <summary>Orders by creation time, then id, against a position read from an index.</summary>
    public int CompareTo(long createdAtMs, string requestId)
    {
        var byTime = CreatedAtMs.CompareTo(createdAtMs);
        return byTime != 0 ? byTime : string.CompareOrdinal(RequestId, requestId);
    }
}
