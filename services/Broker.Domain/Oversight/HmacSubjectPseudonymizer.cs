using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// HMAC-SHA256 of "KIND:VALUE" under the audit subject key: the same citizen always gets the same
/// pseudonym, and without the key the NID space cannot be enumerated against the log.
/// </summary>
public sealed class HmacSubjectPseudonymizer(byte[] key) : ISubjectPseudonymizer
{
    private readonly KeyedHmac _keyed = new(key);

    public string Pseudonym(Subject subject) => Keyed($"{subject.Kind}:{subject.Value}");

    /// <summary>A keyed hash of any value, for the releases registry's index.</summary>
    public string Keyed(string value) => _keyed.Hex(value);

    /// <summary>Keyed hashes of many values (a leaked post has thousands of runs of words), on the same keyed instance.</summary>
    public HashSet<string> KeyedAll(IEnumerable<string> values) => values.Select(_keyed.Hex).ToHashSet(StringComparer.Ordinal);
}
