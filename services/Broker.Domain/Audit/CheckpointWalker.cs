using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Verifies the list of checkpoints in order: each must be genuine, numbered next, linked to the root before it,
/// list its heads once each in chain order, have the Merkle root of those heads, and never drop a chain or move
/// one back that the checkpoint before it named. What it accepts, the chain walkers then hold the chains to. It is
/// fed one checkpoint at a time and keeps only the last, so a list of any length is checked in bounded memory.
/// </summary>
public sealed class CheckpointWalker(AuditSeal seal)
{
    private readonly HashSet<string> _chains = new(StringComparer.Ordinal);

    public CheckpointWalker(AuditSeal seal, IEnumerable<string> texts) : this(seal)
    {
        foreach (var text in texts)
        {
            if (!Accept(text))
                return;
        }
    }

    /// <summary>Null while every checkpoint holds.</summary>
    public ChainVerification? Failure { get; private set; }

    public int Count { get; private set; }

    /// <summary>The last checkpoint accepted: a chain's position there is the furthest any checkpoint signed (none moves back).</summary>
    public Checkpoint? Last { get; private set; }

    /// <summary>Every chain any checkpoint names.</summary>
    public IEnumerable<string> Chains => _chains;

    /// <summary>Takes the next stored checkpoint; false once the list is known to be bad.</summary>
    public bool Accept(string text)
    {
        if (Failure is not null)
            return false;
        var number = Count + 1;
        var checkpoint = Checkpoint.Parse(text);
        if (Problem(seal, checkpoint, Last, number) is { } reason)
        {
            Failure = new ChainVerification(false, 0, Count, number, reason, ChainVerification.CheckpointsChain);
            return false;
        }
        Last = checkpoint!;
        Count = number;
        foreach (var head in Last.Heads)
            _chains.Add(head.Chain);
        return true;
    }

    private static string? Problem(AuditSeal seal, Checkpoint? checkpoint, Checkpoint? previous, long number)
    {
        if (checkpoint is null)
            return "the checkpoint is not a well-formed checkpoint";
        if (!seal.IsGenuine(checkpoint))
            return "the checkpoint is not genuine (its key seal does not match)";
        if (checkpoint.Number != number)
            return string.Create(CultureInfo.InvariantCulture,
                $"expected checkpoint {number} here but found checkpoint {checkpoint.Number} (deleted, inserted, replayed or reordered)");
        if (checkpoint.PrevRoot != (previous?.Root ?? AuditChain.Genesis))
            return "the checkpoint does not link to the root of the checkpoint before it (replayed or reordered)";
        if (previous is not null && checkpoint.At < previous.At)
            return "the checkpoint is older than the checkpoint before it";
        for (var i = 1; i < checkpoint.Heads.Count; i++)
        {
            if (string.CompareOrdinal(checkpoint.Heads[i - 1].Chain, checkpoint.Heads[i].Chain) >= 0)
                return "the checkpoint lists its heads out of order or one chain twice";
        }
        if (MerkleTree.Root(checkpoint.Heads) != checkpoint.Root)
            return "the checkpoint's root is not the Merkle root of the heads it lists (a head was added, dropped or changed)";
        foreach (var before in previous?.Heads ?? [])
        {
            var now = checkpoint.HeadOf(before.Chain);
            if (now is null)
                return $"the checkpoint omits chain '{before.Chain}', which the checkpoint before it named";
            if (now.Seq < before.Seq)
                return string.Create(CultureInfo.InvariantCulture,
                    $"the checkpoint names chain '{before.Chain}' at entry {now.Seq}, behind entry {before.Seq} named before it (rolled back)");
        }
        return null;
    }
}
