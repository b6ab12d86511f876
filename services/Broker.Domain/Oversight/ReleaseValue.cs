namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// One released value as the registry knows it: a keyed hash of its normalized text (<see cref="Key"/>),
/// the field it came from, and how much finding it in a leak says (an NID says more than a district).
/// </summary>
public sealed record ReleaseValue(string Key, string Field, double Weight, bool AsReleased);
