using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>What the sequencer needs to extend one chain: its head, and how far its source stream was read (null: not yet).</summary>
public sealed record ChainState(ChainHead? Head, string? Cursor);
