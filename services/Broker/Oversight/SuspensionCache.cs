using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// This replica's copy of the whole suspension book, at most <see cref="MaxAge"/> old (counted from when
/// its read began) and dropped the moment any replica announces a change, so a suspension bites
/// everywhere within a second even if a notice is lost. Every call checks its caller (and, for a
/// decision or a fetch, the requester) against it: one read of the book per replica per half second,
/// not one per caller, whatever the load. One read in flight at a time; a failed read is not kept and
/// fails the calls that waited on it (fail closed).
/// </summary>
public sealed class SuspensionCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ISuspensionRegistry _registry;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private (Task<SuspensionBook> Read, long StartedAt)? _book;

    public SuspensionCache(ISuspensionRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        registry.Changed += Invalidate;
    }

    /// <summary>Throws (fails closed) when the registry cannot be read.</summary>
    public async Task<SuspensionStatus> StatusAsync(string officerId, string? unit, CancellationToken cancellationToken)
    {
        Task<SuspensionBook> read;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_book is not { } book || book.Read.IsFaulted || book.Read.IsCanceled || _time.GetElapsedTime(book.StartedAt, now) >= MaxAge)
                _book = book = (_registry.ReadAsync(CancellationToken.None), now);
            read = book.Read;
        }
        return (await read.WaitAsync(cancellationToken)).StatusOf(officerId, unit);
    }

    private void Invalidate()
    {
        lock (_gate)
            _book = null;
    }
}
