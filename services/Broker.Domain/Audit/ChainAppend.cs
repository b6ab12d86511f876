namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// One fold of the sequencer, written all or nothing: the new entries, where each source stream was
/// read up to, the new sealed head, and a checkpoint when one is due. <see cref="AfterSeq"/> is the
/// head the fold extends: the store refuses the batch if the chain has moved since.
/// </summary>
public sealed record ChainAppend(
    long AfterSeq,
    IReadOnlyList<ChainEntry> Entries,
    IReadOnlyDictionary<string, string> Cursors,
    ChainHead Head,
    Checkpoint? Checkpoint);
