using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Storage;

/// <summary>The index keys a release is found by: its value hashes, and "m:" + its watermark.</summary>
public static class ReleaseIndex
{
    public static IEnumerable<string> KeysOf(ReleaseRecord release) =>
        release.Values.Select(v => v.Key).Append("m:" + release.Watermark).Distinct(StringComparer.Ordinal);
}
