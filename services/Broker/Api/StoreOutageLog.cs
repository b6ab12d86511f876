namespace DataBroker.Broker.Api;

/// <summary>
/// One warning per <see cref="Window"/> while calls fail for want of the store, naming how many failed
/// since the last one. During a Redis outage at thousands of calls a second a line per call would bury
/// everything else in the log (and cost the CPU the broker needs to refuse quickly); the per-call count
/// stays exact in the calls-by-status metric.
/// </summary>
public sealed partial class StoreOutageLog(ILogger<StoreOutageLog> logger, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private long _suppressed;
    private long _nextAt = long.MinValue;

    public void Failed(string method, string error)
    {
        var now = time.GetTimestamp();
        var next = Interlocked.Read(ref _nextAt);
        if (now < next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        // Take what was held back before claiming the window: a failure counted after the claim belongs to the
        // next warning, and taking the count after it would report it early and leave the next one short.
        var held = Interlocked.Exchange(ref _suppressed, 0);
        var until = now + (long)(Window.TotalSeconds * time.TimestampFrequency);
        if (Interlocked.CompareExchange(ref _nextAt, until, next) != next)
        {
            // Another call claimed the window first: what we took goes back, with this failure.
            Interlocked.Add(ref _suppressed, held + 1);
            return;
        }
        LogStoreUnavailable(logger, method, error, held);
    }

    [LoggerMessage(EventId = 1, EventName = "StoreUnavailable", Level = LogLevel.Warning,
        Message = "{Method}: store unavailable ({Error}); {Suppressed} more such failures since the last warning")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string error, long suppressed);
}
