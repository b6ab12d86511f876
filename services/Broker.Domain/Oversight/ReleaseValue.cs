namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// One released value as the registry knows it: a keyed hash of its canonical text (<see cref="Key"/>),
/// the field it came from, and how much finding it in a leak says (an NID says more than a district).
/// </summary>
public sealed record ReleaseValue(string Key, string Field, double Weight)
{
    /// <summary>An identifier (NID, MSISDN, a callee number with its call time) names one citizen or call by itself.</summary>
    public bool Identifies => Weight >= LeakRanking.IdentifierWeight;
}
