namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// What a leaked text holds, as keyed hashes only: content keys (canonical runs of words and identifiers,
/// looked up in the registry), trait keys (runs of words as written, compared with candidate releases'
/// wording options) and the watermarks found with how often each occurs.
/// </summary>
public sealed record LeakEvidence(IReadOnlySet<string> ContentKeys, IReadOnlySet<string> TraitKeys, IReadOnlyDictionary<string, int> Watermarks);
