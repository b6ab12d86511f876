namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// How the sequencer keeps time: how long a lease outlives a holder that stopped renewing it, how often a checkpoint
/// is signed over the heads, and how long a chained event's stream copy is kept (zero: trimmed at once).
/// </summary>
public sealed record AuditPace(TimeSpan LeaseTtl, TimeSpan CheckpointInterval, TimeSpan SourceRetention);
