using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Verifies the list of checkpoints in order: each must be genuine, numbered next, linked to the root before it,
/// list its heads once each in chain order, have the Merkle root of those heads, and never drop a chain or move
/// one back that the checkpoint before it named. What it accepts, the chain walkers then hold the chains to.
/// </summary>
public sealed class CheckpointWalker
{
    private readonly List<Checkpoint> _accepted = [];

    public CheckpointWalker(AuditSeal seal, IReadOnlyList<string> texts)
    {
        Checkpoint? previous = null;
        foreach (var text in texts)
        {
            var number = _accepted.Count + 1;
            var reason = Problem(seal, Checkpoint.Parse(text), previous, number);
            if (reason is not null)
            {
                Failure = new ChainVerification(false, 0, _accepted.Count, number, reason, ChainVerification.CheckpointsChain);
                return;
            }
            previous = Checkpoint.Parse(text)!;
            _accepted.Add(previous);
        }
    }

    /// <summary>Null while every checkpoint holds.</summary>
    public ChainVerification? Failure { get; }

    public int Count => _accepted.Count;

    /// <summary>Every chain any checkpoint names.</summary>
    public IEnumerable<string> Chains => _accepted.SelectMany(c => c.Heads).Select(h => h.Chain).Distinct(StringComparer.Ordinal);

    /// <summary>The positions of <paramref name="chain"/> the checkpoints signed.</summary>
    public IEnumerable<ChainPosition> WitnessedOf(string chain) => _accepted.Select(c => c.HeadOf(chain)).OfType<ChainPosition>();

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
