using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>What the sequencer needs to extend the chain: its head, last checkpoint, and how far each source was read.</summary>
public sealed record ChainState(ChainHead? Head, Checkpoint? LastCheckpoint, IReadOnlyDictionary<string, string> Cursors);
