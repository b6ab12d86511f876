namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// One fold of one chain, written all or nothing: the new entries, where the chain's source stream was
/// read up to, and the new sealed head. <see cref="AfterSeq"/> is the head the fold extends: the store
/// refuses the batch if the chain has moved since.
/// </summary>
public sealed record ChainAppend(
    string Chain,
    long AfterSeq,
    IReadOnlyList<ChainEntry> Entries,
    string Cursor,
    ChainHead Head);
