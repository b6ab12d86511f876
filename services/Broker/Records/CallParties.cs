using DataBroker.Broker.Domain.Oversight;
using DataBroker.Records.V1;

namespace DataBroker.Broker.Records;

/// <summary>
/// The third parties call records expose: the other end of each call. Call records are the subject's
/// outgoing calls, so the callers are the subject's own lines and every other number is a third party.
/// </summary>
public static class CallParties
{
    /// <summary>The other party of one call.</summary>
    public static string Of(CallRecord call) => LeakText.Msisdn(call.Callee);

    /// <summary>The distinct third-party numbers a response exposes, normalised (disclosure volume, not one subject).</summary>
    public static IReadOnlyList<string> Exposed(LookupResponse records)
    {
        if (records.CallRecords.Count == 0)
            return [];
        var own = records.CallRecords.Select(c => LeakText.Msisdn(c.Caller)).ToHashSet(StringComparer.Ordinal);
        return [.. records.CallRecords.Select(Of).Where(n => !own.Contains(n)).Distinct(StringComparer.Ordinal)];
    }
}
