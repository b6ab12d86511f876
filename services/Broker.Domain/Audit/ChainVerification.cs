namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The outcome of walking the chains: how many entries and checkpoints were checked and, when something is
/// wrong, where first: <see cref="Chain"/> names the chain ("unit:ATU", "oversight") or
/// <see cref="CheckpointsChain"/>, and <see cref="FirstBadSeq"/> the entry (or checkpoint) there, 1-based.
/// </summary>
public sealed record ChainVerification(bool Intact, long EntriesChecked, long CheckpointsChecked, long FirstBadSeq, string Reason, string Chain = "")
{
    /// <summary>The name a failure in the checkpoint list is reported under.</summary>
    public const string CheckpointsChain = "checkpoints";

    public static ChainVerification Good(long entries, long checkpoints) => new(true, entries, checkpoints, 0, "");
}
