namespace DataBroker.Broker.Domain;

/// <summary>
/// A value read from a shared store and reused for at most <c>maxAge</c> (counted from when its read began),
/// with one read in flight at a time. A failed or cancelled read is not kept: it fails the calls that waited
/// on it (fail closed) and the next call reads again. <see cref="Invalidate"/> makes the next call read.
/// </summary>
public sealed class SharedRead<T>(Func<Task<T>> read, TimeSpan maxAge, TimeProvider time)
{
    private readonly Lock _gate = new();
    private (Task<T> Read, long StartedAt)? _current;

    public ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        Task<T> pending;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_current is not { } current || current.Read.IsFaulted || current.Read.IsCanceled || time.GetElapsedTime(current.StartedAt, now) >= maxAge)
                _current = current = (read(), now);
            pending = current.Read;
        }
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(pending.Result) : new ValueTask<T>(pending.WaitAsync(cancellationToken));
    }

    public void Invalidate()
    {
        lock (_gate)
            _current = null;
    }
}
