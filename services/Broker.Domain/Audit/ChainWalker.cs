using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Verifies one chain entry by entry, in order, so a long chain is checked page by page: each entry must
/// re-link exactly to its predecessor and belong to this chain; each position a genuine checkpoint witnessed
/// must hold the hash it names; the keyed head must be genuine and name the last entry (so a cut tail is caught).
/// Witnessed positions may be given as the walk goes (<see cref="Witness"/>), each before the entry it names; a
/// position is let go once passed, so memory stays bounded however many checkpoints there are.
/// </summary>
public sealed class ChainWalker
{
    private readonly AuditSeal _seal;
    private readonly string _chain;
    private readonly Dictionary<long, string> _witnessed = [];
    private readonly ChainHead? _head;
    private readonly bool _headMissing;
    private ChainVerification? _failure;
    private long _lastWitnessed;
    private long _seq;
    private string _hash = AuditChain.Genesis;

    /// <param name="witnessed">This chain's positions as the (already verified) checkpoints name them.</param>
    public ChainWalker(AuditSeal seal, string chain, IEnumerable<ChainPosition> witnessed, string? head)
    {
        _seal = seal;
        _chain = chain;
        foreach (var position in witnessed)
        {
            if (!Witness(position))
                return;
        }
        _headMissing = head is null;
        if (head is null)
            return;
        _head = ChainHead.Parse(head);
        if (_head is null || !seal.IsGenuine(chain, _head))
            Fail(_head?.Seq ?? 1, "the chain's head is not genuine (its key seal does not match)");
    }

    public bool Failed => _failure is not null;

    public long EntriesChecked => _seq;

    /// <summary>How many entries the stored head names (0 when there is none): where reading may stop.</summary>
    public long HeadSeq => _head?.Seq ?? 0;

    /// <summary>A position a checkpoint signed, given before the walk reaches it; false once the chain is known to be bad.</summary>
    public bool Witness(ChainPosition position)
    {
        if (_failure is not null)
            return false;
        if (position.Seq <= 0)
            return true;
        if (position.Seq <= _seq)
            return position.Seq == _seq && position.Hash == _hash || Fail(position.Seq, "a checkpoint names a hash this entry does not have");
        if (_witnessed.TryGetValue(position.Seq, out var hash) && hash != position.Hash)
            return Fail(position.Seq, "two checkpoints name different hashes for this entry");
        _witnessed[position.Seq] = position.Hash;
        _lastWitnessed = Math.Max(_lastWitnessed, position.Seq);
        return true;
    }

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
        if (entry.Source != _chain)
            return Fail(expected, $"the entry belongs to chain '{entry.Source}' (moved between chains)");
        _seq = expected;
        _hash = entry.Hash;
        if (_witnessed.Remove(_seq, out var witnessed) && witnessed != _hash)
            return Fail(_seq, "the entry does not match the hash a checkpoint signed for this position");
        if (_head is not null && _seq > _head.Seq)
            return Fail(_seq, "the entry lies past the chain's sealed head (appended outside the sequencer)");
        return true;
    }

    public ChainVerification Finish()
    {
        if (_failure is not null)
            return _failure;
        if (_lastWitnessed > _seq)
            return Result(_seq + 1, string.Create(CultureInfo.InvariantCulture, $"the chain ends at entry {_seq} but a checkpoint signed entry {_lastWitnessed} (truncated)"));
        if (_headMissing)
            return _seq == 0 ? Good() : Result(1, "the chain's sealed head is missing");
        if (_head!.Seq != _seq)
            return Result(_seq + 1, string.Create(CultureInfo.InvariantCulture, $"the chain ends at entry {_seq} but its sealed head names entry {_head.Seq} (truncated)"));
        if (_head.Hash != _hash)
            return Result(_seq, "the last entry does not match the chain's sealed head");
        return Good();
    }

    private ChainVerification Good() => ChainVerification.Good(_seq, 0) with { Chain = _chain };

    private ChainVerification Result(long seq, string reason)
    {
        Fail(seq, reason);
        return _failure!;
    }

    private bool Fail(long seq, string reason)
    {
        _failure ??= new ChainVerification(false, _seq, 0, seq, reason, _chain);
        return false;
    }
}
