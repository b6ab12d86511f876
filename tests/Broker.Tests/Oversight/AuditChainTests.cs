using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>The chain's tamper evidence, in plain objects: every kind of edit to the stored texts is reported.</summary>
public sealed class AuditChainTests
{
    private readonly AuditSeal _seal = ChainSamples.Seal();
    private readonly List<string> _entries = [];
    private readonly List<string> _checkpoints = [];
    private string? _head;

    public AuditChainTests()
    {
        // Two folds, a checkpoint every 3 entries: the tail past the last checkpoint is sealed only by the head.
        Fold(Enumerable.Range(1, 4));
        Fold(Enumerable.Range(5, 3));
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
        Assert.False(new ChainWalkerRun(_seal, _checkpoints, other.Head(last.Seq, last.Hash).Text).Over(_entries).Intact);
    }

    [Fact]
    public void A_fold_seals_a_checkpoint_when_the_chain_passes_a_multiple_or_the_interval()
    {
        var none = AuditFold.Extend(null, null, [ChainSamples.Event(1)], new Dictionary<string, string>(), _seal, ChainSamples.Start, 3, TimeSpan.FromHours(1));
        Assert.NotNull(none!.Checkpoint); // the first fold seals at once: no earlier checkpoint to measure from
        var head = none.Head;
        var next = AuditFold.Extend(head, none.Checkpoint, [ChainSamples.Event(2)], new Dictionary<string, string>(), _seal,
            ChainSamples.Start.AddMinutes(1), 3, TimeSpan.FromHours(1));
        Assert.Null(next!.Checkpoint);
        var passing = AuditFold.Extend(next.Head, none.Checkpoint, [ChainSamples.Event(3)], new Dictionary<string, string>(), _seal,
            ChainSamples.Start.AddMinutes(2), 3, TimeSpan.FromHours(1));
        Assert.Equal(3, passing!.Checkpoint!.Seq);
        Assert.Null(AuditFold.Extend(passing.Head, passing.Checkpoint, [], new Dictionary<string, string>(), _seal, ChainSamples.Start, 3, TimeSpan.FromHours(1)));
    }

    private void Fold(IEnumerable<int> events)
    {
        var head = ChainHead.Parse(_head);
        var last = _checkpoints.Count == 0 ? null : Checkpoint.Parse(_checkpoints[^1]);
        var append = AuditFold.Extend(head, last, events.Select(i => ChainSamples.Event(i)).ToArray(), new Dictionary<string, string>(),
            _seal, ChainSamples.Start, 3, TimeSpan.FromDays(1))!;
        _entries.AddRange(append.Entries.Select(e => e.Text));
        if (append.Checkpoint is not null)
            _checkpoints.Add(append.Checkpoint.Text);
        _head = append.Head.Text;
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

    private sealed class ChainWalkerRun(AuditSeal seal, IReadOnlyList<string> checkpoints, string? head)
    {
        public ChainVerification Over(IEnumerable<string> entries)
        {
            var walker = new ChainWalker(seal, checkpoints, head);
            foreach (var entry in entries)
            {
                if (!walker.Accept(entry))
                    break;
            }
            return walker.Finish();
        }
    }
}
