namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The outcome of walking the chain: how many entries were checked and, when something is wrong, the
/// first bad entry (its position, 1-based) and why.
/// </summary>
public sealed record ChainVerification(bool Intact, long EntriesChecked, long CheckpointsChecked, long FirstBadSeq, string Reason)
{
    public static ChainVerification Good(long entries, long checkpoints) => new(true, entries, checkpoints, 0, "");
}
