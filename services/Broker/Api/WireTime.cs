using DataBroker.Broker.Domain;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Broker.Api;

/// <summary>
/// Every Timestamp a request carries becomes a domain instant here. A Timestamp outside 0001..9999, or with
/// nanos outside 0..999,999,999, is the caller's error (INVALID_ARGUMENT naming the field), not ours.
/// </summary>
public static class WireTime
{
    public static DateTimeOffset Instant(Timestamp timestamp, string field)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw DomainException.Invalid(field,
                $"{field} is not a valid timestamp: seconds must lie in years 0001 to 9999 and nanos in 0 to 999,999,999.");
        }
    }
}
