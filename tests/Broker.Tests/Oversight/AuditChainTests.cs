using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>One chain's tamper evidence, in plain objects: every kind of edit to the stored texts is reported.</summary>
public sealed class AuditChainTests
{
    private const string Chain = "unit:ATU";
    private readonly AuditSeal _seal = ChainSamples.Seal();
    private readonly List<string> _entries = [];
    private readonly List<string> _checkpoints = [];
    private string? _head;

    public AuditChainTests()
    {
        // Three folds, a checkpoint after the first two: the tail past the last checkpoint is sealed only by the head.
        Fold(Enumerable.Range(1, 3), checkpoint: true);
        Fold(Enumerable.Range(4, 3), checkpoint: true);
        Fold(Enumerable.Range(7, 1), checkpoint: false);
    }

    [Fact]
    public void An_untouched_chain_verifies()
    {
        var result = Verify(_entries);
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(7, result.EntriesChecked);
        Assert.Equal(2, result.CheckpointsChecked);
    }

    [Fact]
    public void Entries_link_each_to_the_one_before()
    {
        var parsed = _entries.Select(t => AuditChain.Parse(t)!).ToArray();
        Assert.Equal(AuditChain.Genesis, parsed[0].PrevHash);
        for (var i = 1; i < parsed.Length; i++)
            Assert.Equal(parsed[i - 1].Hash, parsed[i].PrevHash);
    }

    [Fact]
    public void Changing_any_single_byte_of_any_entry_is_reported_at_that_entry()
    {
        for (var e = 0; e < _entries.Count; e++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(_entries[e]);
            for (var b = 0; b < bytes.Length; b++)
            {
                var edited = (byte[])bytes.Clone();
                edited[b] ^= 0x01;
                var chain = _entries.ToList();
                chain[e] = System.Text.Encoding.UTF8.GetString(edited);
                var result = Verify(chain);
                Assert.False(result.Intact, $"byte {b} of entry {e + 1} edited unnoticed");
                Assert.Equal(e + 1, result.FirstBadSeq);
            }
        }
    }

    [Fact]
    public void Changing_any_byte_of_a_checkpoint_or_the_head_is_reported()
    {
        for (var c = 0; c < _checkpoints.Count; c++)
        {
            foreach (var edited in EveryByteEdit(_checkpoints[c]))
            {
                var checkpoints = _checkpoints.ToList();
                checkpoints[c] = edited;
                Assert.False(new ChainWalkerRun(_seal, checkpoints, _head).Over(_entries).Intact);
            }
        }
        foreach (var edited in EveryByteEdit(_head!))
            Assert.False(new ChainWalkerRun(_seal, _checkpoints, edited).Over(_entries).Intact);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    public void Deleting_an_entry_is_reported(int index)
    {
        var chain = _entries.ToList();
        chain.RemoveAt(index);
        var result = Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(Math.Min(index + 1, chain.Count + 1), result.FirstBadSeq);
    }

    [Fact]
    public void Inserting_an_entry_anywhere_is_reported()
    {
        for (var at = 0; at <= _entries.Count; at++)
        {
            var chain = _entries.ToList();
            chain.Insert(at, AuditChain.Link(AuditChain.Genesis, at + 1, ChainSamples.Event(99)).Text);
            var result = Verify(chain);
            Assert.False(result.Intact, $"insertion at {at} unnoticed");
            // A forged first entry can link to the genesis; the original it displaced is then the first out of place.
            Assert.InRange(result.FirstBadSeq, at + 1, at + 2);
        }
    }

    [Fact]
    public void An_entry_relinked_with_a_forged_hash_in_place_is_reported()
    {
        // A forger who re-links an edited entry to its predecessor breaks the link of the next one, or the seal.
        var chain = _entries.ToList();
        var original = AuditChain.Parse(chain[3])!;
        var forged = ChainSamples.Event(4) with { Event = original.Event with { ActorId = "someone-else" } };
        chain[3] = AuditChain.Link(original.PrevHash, 4, forged).Text;
        var result = Verify(chain);
        Assert.False(result.Intact);
        Assert.InRange(result.FirstBadSeq, 4, 5);
    }

    [Fact]
    public void Swapping_two_entries_is_reported()
    {
        for (var i = 0; i + 1 < _entries.Count; i++)
        {
            var chain = _entries.ToList();
            (chain[i], chain[i + 1]) = (chain[i + 1], chain[i]);
            var result = Verify(chain);
            Assert.False(result.Intact);
            Assert.Equal(i + 1, result.FirstBadSeq);
        }
    }

    [Fact]
    public void Truncating_the_tail_is_reported_even_past_the_last_checkpoint()
    {
        for (var keep = 0; keep < _entries.Count; keep++)
        {
            var result = Verify(_entries.Take(keep).ToList());
            Assert.False(result.Intact, $"truncation to {keep} unnoticed");
            Assert.Equal(keep + 1, result.FirstBadSeq);
        }
    }

    [Fact]
    public void A_chain_without_its_head_is_reported()
    {
        Assert.False(new ChainWalkerRun(_seal, _checkpoints, null).Over(_entries).Intact);
    }

    [Fact]
    public void A_head_sealed_with_another_key_is_reported()
    {
        var other = new AuditSeal(new byte[32]);
        var last = AuditChain.Parse(_entries[^1])!;
        Assert.False(new ChainWalkerRun(_seal, _checkpoints, other.Head(Chain, last.Seq, last.Hash).Text).Over(_entries).Intact);
    }

    [Fact]
    public void Another_chains_genuine_head_is_reported()
    {
        var last = AuditChain.Parse(_entries[^1])!;
        Assert.False(new ChainWalkerRun(_seal, _checkpoints, _seal.Head("unit:RAB-6", last.Seq, last.Hash).Text).Over(_entries).Intact);
    }

    [Fact]
    public void A_genuine_entry_of_another_chain_is_reported()
    {
        // Relinked in place with the key-free chain hash: links hold, but the entry names another chain.
        var chain = _entries.ToList();
        var original = AuditChain.Parse(chain[^1])!;
        chain[^1] = AuditChain.Link(original.PrevHash, original.Seq, ChainSamples.Event(7, "RAB-6")).Text;
        var result = Verify(chain);
        Assert.False(result.Intact);
        Assert.Equal(7, result.FirstBadSeq);
    }

    [Fact]
    public void A_fold_seals_the_chains_new_head_and_records_where_its_source_was_read_to()
    {
        var first = AuditFold.Extend(Chain, null, [ChainSamples.Event(1), ChainSamples.Event(2)], _seal)!;
        Assert.Equal(0, first.AfterSeq);
        Assert.Equal("1700000000000-2", first.Cursor);
        Assert.True(_seal.IsGenuine(Chain, first.Head));
        Assert.Equal((2L, first.Entries[^1].Hash), (first.Head.Seq, first.Head.Hash));
        Assert.Null(AuditFold.Extend(Chain, first.Head, [], _seal));
        Assert.Throws<ArgumentException>(() => AuditFold.Extend(Chain, first.Head, [ChainSamples.Event(3, "RAB-6")], _seal));
    }

    private void Fold(IEnumerable<int> events, bool checkpoint)
    {
        var append = AuditFold.Extend(Chain, ChainHead.Parse(_head), events.Select(i => ChainSamples.Event(i)).ToArray(), _seal)!;
        _entries.AddRange(append.Entries.Select(e => e.Text));
        _head = append.Head.Text;
        if (!checkpoint)
            return;
        var last = Checkpoint.Parse(_checkpoints.Count == 0 ? null : _checkpoints[^1]);
        _checkpoints.Add(_seal.Checkpoint(_checkpoints.Count + 1, ChainSamples.Start.AddMinutes(_checkpoints.Count), last?.Root ?? AuditChain.Genesis,
            [new ChainPosition(Chain, append.Head.Seq, append.Head.Hash), new ChainPosition("oversight", 0, AuditChain.Genesis)]).Text);
    }

    private ChainVerification Verify(List<string> chain) => new ChainWalkerRun(_seal, _checkpoints, _head).Over(chain);

    private static IEnumerable<string> EveryByteEdit(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        for (var b = 0; b < bytes.Length; b++)
        {
            var edited = (byte[])bytes.Clone();
            edited[b] ^= 0x01;
            yield return System.Text.Encoding.UTF8.GetString(edited);
        }
    }

    /// <summary>Both levels, as VerifyAudit walks them: the checkpoints first, then the chain held to what they signed.</summary>
    private sealed class ChainWalkerRun(AuditSeal seal, IReadOnlyList<string> checkpoints, string? head)
    {
        public ChainVerification Over(IEnumerable<string> entries)
        {
            var signed = new CheckpointWalker(seal, checkpoints);
            if (signed.Failure is { } failure)
                return failure;
            var walker = new ChainWalker(seal, Chain, checkpoints.Select(c => Checkpoint.Parse(c)?.HeadOf(Chain)).OfType<ChainPosition>(), head);
            foreach (var entry in entries)
            {
                if (!walker.Accept(entry))
                    break;
            }
            return walker.Finish() with { CheckpointsChecked = signed.Count };
        }
    }
}
