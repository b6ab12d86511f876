namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// A party's history as a store holds it, with the version it was read at: opaque to the domain, compared by the store
/// on the write (a compare-and-set), so a write over what another broker wrote since is refused rather than lost.
/// </summary>
public sealed record StoredParty(PartyHistory History, string Version);
