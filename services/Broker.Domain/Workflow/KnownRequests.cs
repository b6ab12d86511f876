using System.Collections.Concurrent;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Workflow;

/// <summary>
/// The requests this broker last committed (or was handed back by a commit that lost), by id, so the next change to one
/// can start from this copy rather than a read: the store's version check on the commit decides whether it was current,
/// and a refusal is never answered from it (<see cref="RequestWorkflow"/> reads the request first). Only a request that
/// can still change is kept. Bounded: two generations of at most <c>capacity</c> entries each; when the newer fills, the
/// older is dropped, so memory stays bounded whatever the traffic.
/// </summary>
public sealed class KnownRequests(int capacity = 4096)
{
    private readonly Lock _turn = new();
    private ConcurrentDictionary<string, DataRequest> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, DataRequest> _older = new(StringComparer.Ordinal);
    private int _added;

    public DataRequest? Find(string requestId) =>
        _newer.TryGetValue(requestId, out var request) || _older.TryGetValue(requestId, out request) ? request : null;

    public void Remember(DataRequest request)
    {
        if (request.State.IsFinal())
        {
            Forget(request.Id);
            return;
        }
        // A later version is never replaced by an earlier one a slower call commits or is handed.
        _newer.AddOrUpdate(request.Id, request, (_, known) => known.Version > request.Version ? known : request);
        if (Interlocked.Increment(ref _added) < capacity)
            return;
        lock (_turn)
        {
            if (Volatile.Read(ref _added) < capacity)
                return;
            _older = _newer;
            _newer = new ConcurrentDictionary<string, DataRequest>(StringComparer.Ordinal);
            Volatile.Write(ref _added, 0);
        }
    }

    public void Forget(string requestId)
    {
        _newer.TryRemove(requestId, out _);
        _older.TryRemove(requestId, out _);
    }
}
