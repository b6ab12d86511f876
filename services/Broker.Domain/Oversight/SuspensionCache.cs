using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// This replica's copy of the whole suspension book, at most <see cref="MaxAge"/> old and dropped the moment
/// any replica announces a change, so a suspension bites everywhere within a second even if a notice is lost.
/// Every call checks its caller (and, for a decision or a fetch, the requester) against it: one read of the
/// book per replica per half second, not one per caller, whatever the load. A failed read fails the calls
/// that waited on it (fail closed).
/// </summary>
public sealed class SuspensionCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly SharedRead<SuspensionBook> _book;

    public SuspensionCache(ISuspensionRegistry registry, TimeProvider time)
    {
        _book = new SharedRead<SuspensionBook>(() => registry.ReadAsync(CancellationToken.None), MaxAge, time);
        registry.Changed += _book.Invalidate;
    }

    /// <summary>
    /// Throws (fails closed) when the registry cannot be read. Answered synchronously, without an allocation, while the
    /// book is fresh: every call asks (and a Submit twice), so this is on the hot path.
    /// </summary>
    public ValueTask<SuspensionStatus> StatusAsync(string officerId, string? unit, CancellationToken cancellationToken)
    {
        var book = _book.GetAsync(cancellationToken);
        return book.IsCompletedSuccessfully
            ? ValueTask.FromResult(book.Result.StatusOf(officerId, unit))
            : AwaitedAsync(book, officerId, unit);
    }

    private static async ValueTask<SuspensionStatus> AwaitedAsync(ValueTask<SuspensionBook> book, string officerId, string? unit) =>
        (await book).StatusOf(officerId, unit);
}
