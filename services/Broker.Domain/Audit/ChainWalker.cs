using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Verifies a chain entry by entry, in order, so a long chain is checked page by page: each entry must
/// re-link exactly to its predecessor; each checkpoint must be genuine and match the hash at its
/// position; the keyed head must be genuine and name the last entry (so a cut tail is caught).
/// </summary>
public sealed class ChainWalker
{
    private readonly AuditSeal _seal;
    private readonly Dictionary<long, Checkpoint> _checkpoints = [];
    private readonly ChainHead? _head;
    private readonly bool _headMissing;
    private ChainVerification? _failure;
    private long _seq;
    private string _hash = AuditChain.Genesis;

    public ChainWalker(AuditSeal seal, IReadOnlyList<string> checkpoints, string? head)
    {
        _seal = seal;
        long previous = 0;
        foreach (var text in checkpoints)
        {
            var checkpoint = Checkpoint.Parse(text);
            if (checkpoint is null || !seal.IsGenuine(checkpoint))
            {
                Fail(checkpoint?.Seq ?? previous + 1, "a checkpoint is not genuine (its key seal does not match)");
                return;
            }
            if (checkpoint.Seq <= previous)
            {
                Fail(checkpoint.Seq, "checkpoints are out of order");
                return;
            }
            _checkpoints[checkpoint.Seq] = checkpoint;
            previous = checkpoint.Seq;
        }
        _headMissing = head is null;
        if (head is null)
            return;
        _head = ChainHead.Parse(head);
        if (_head is null || !seal.IsGenuine(_head))
            Fail(_head?.Seq ?? 1, "the chain's head is not genuine (its key seal does not match)");
    }

    public bool Failed => _failure is not null;

    public long EntriesChecked => _seq;

    /// <summary>Takes the next stored entry; false once the chain is known to be bad.</summary>
    public bool Accept(string text)
    {
        if (_failure is not null)
            return false;
        var expected = _seq + 1;
        var entry = AuditChain.Parse(text);
        if (entry is null)
            return Fail(expected, "the entry is not a well-formed chain entry");
        if (entry.Seq != expected)
            return Fail(expected, string.Create(CultureInfo.InvariantCulture, $"expected entry {expected} here but found entry {entry.Seq} (deleted, inserted or reordered)"));
        if (entry.PrevHash != _hash)
            return Fail(expected, "the entry does not link to the entry before it");
        var relinked = AuditChain.Link(_hash, expected, new SourcedAuditEvent(entry.Source, entry.SourceId, entry.Event));
        if (relinked.Text != text)
            return Fail(expected, "the entry's hash does not match its content (edited)");
        _seq = expected;
        _hash = entry.Hash;
        if (_checkpoints.TryGetValue(_seq, out var checkpoint) && checkpoint.Hash != _hash)
            return Fail(_seq, "the entry does not match the checkpoint sealed at this position");
        if (_head is not null && _seq > _head.Seq)
            return Fail(_seq, "the entry lies past the chain's sealed head (appended outside the sequencer)");
        return true;
    }

    public ChainVerification Finish()
    {
        if (_failure is not null)
            return _failure;
        var lastCheckpoint = _checkpoints.Count == 0 ? 0 : _checkpoints.Keys.Max();
        if (lastCheckpoint > _seq)
            return Result(_seq + 1, string.Create(CultureInfo.InvariantCulture, $"the chain ends at entry {_seq} but a checkpoint seals entry {lastCheckpoint} (truncated)"));
        if (_headMissing)
            return _seq == 0 ? ChainVerification.Good(0, _checkpoints.Count) : Result(1, "the chain's sealed head is missing");
        if (_head!.Seq != _seq)
            return Result(_seq + 1, string.Create(CultureInfo.InvariantCulture, $"the chain ends at entry {_seq} but its sealed head names entry {_head.Seq} (truncated)"));
        if (_head.Hash != _hash)
            return Result(_seq, "the last entry does not match the chain's sealed head");
        return ChainVerification.Good(_seq, _checkpoints.Count);
    }

    private ChainVerification Result(long seq, string reason)
    {
        Fail(seq, reason);
        return _failure!;
    }

    private bool Fail(long seq, string reason)
    {
        _failure ??= new ChainVerification(false, _seq, _checkpoints.Count, seq, reason);
        return false;
    }
}
