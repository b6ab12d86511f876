using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// One link of the audit chain. <see cref="Text"/> is what is stored: the hash, a space, then the exact
/// body bytes the hash covers, so any change to a stored byte changes a hash or breaks the parse.
/// </summary>
public sealed record ChainEntry(long Seq, string PrevHash, string Hash, string Source, string SourceId, AuditEvent Event, string Text);
