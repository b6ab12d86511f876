namespace DataBroker.Broker.Domain.Limits;

/// <summary>The limiter's time unit: microseconds since the Unix epoch, as Redis TIME gives it.</summary>
public static class LimitTime
{
    public static long ToUs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromUs(long us) => DateTimeOffset.UnixEpoch.AddTicks(us * TimeSpan.TicksPerMicrosecond);
}
