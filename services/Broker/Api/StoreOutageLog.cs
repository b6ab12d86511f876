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
        var until = now + (long)(Window.TotalSeconds * time.TimestampFrequency);
        if (now < next || Interlocked.CompareExchange(ref _nextAt, until, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        LogStoreUnavailable(logger, method, error, Interlocked.Exchange(ref _suppressed, 0));
    }

    [LoggerMessage(EventId = 1, EventName = "StoreUnavailable", Level = LogLevel.Warning,
        Message = "{Method}: store unavailable ({Error}); {Suppressed} more such failures since the last warning")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string error, long suppressed);
}
