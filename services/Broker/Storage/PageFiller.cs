using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage;

/// <summary>
/// Fills one page from requests offered in listing order, so every store pages (and issues tokens)
/// the same way: the token is the position of the last request examined, filtered out or not.
/// </summary>
public sealed class PageFiller(Func<DataRequest, bool> filter, int pageSize)
{
    private readonly List<DataRequest> _page = new(Math.Max(pageSize, 0));
    private DataRequest? _last;
    private bool _more;

    /// <summary>Takes the next request in order; false when the page was already full (so there are more).</summary>
    public bool Offer(DataRequest request)
    {
        if (_page.Count >= pageSize)
        {
            _more = true;
            return false;
        }
        _last = request;
        if (filter(request))
            _page.Add(request);
        return true;
    }

    public RequestPage Finish() =>
        new(_page, _more && _last is not null ? PageCursor.Of(_last).Encode() : null);
}
