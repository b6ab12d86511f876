using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// The level above the chains, in plain objects: signed checkpoints over every chain's head, as a transparency
/// log's witness signs tree heads. A forged, edited, trimmed, replayed or rolled-back checkpoint is reported.
/// </summary>
public sealed class CheckpointTests
{
    private readonly AuditSeal _seal = ChainSamples.Seal();
    private readonly List<Checkpoint> _signed = [];

    public CheckpointTests()
    {
        Sign(("unit:ATU", 3), ("unit:RAB-6", 1), ("oversight", 0));
        Sign(("unit:ATU", 5), ("unit:RAB-6", 1), ("oversight", 2));
        Sign(("unit:ATU", 9), ("unit:RAB-6", 4), ("oversight", 2));
    }

    [Fact]
    public void Genuine_checkpoints_verify_and_name_every_chains_furthest_signed_position()
    {
        var walker = Walk(Texts());
        Assert.Null(walker.Failure);
        Assert.Equal(3, walker.Count);
        Assert.Equal(9L, walker.Last?.HeadOf("unit:ATU")?.Seq);
        Assert.Equal(["oversight", "unit:ATU", "unit:RAB-6"], walker.Chains.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_root_is_the_RFC_6962_tree_hash_of_the_heads_in_chain_order()
    {
        // Three leaves: MTH = H(0x01 || H(0x01 || leaf0 || leaf1) || leaf2), each leaf H(0x00 || [chain, seq, hash]).
        var heads = _signed[0].Heads;
        Assert.Equal(["oversight", "unit:ATU", "unit:RAB-6"], heads.Select(h => h.Chain));
        var leaves = heads.Select(h => Sha(0x00, Encoding.UTF8.GetBytes($"[\"{h.Chain}\",{h.Seq},\"{h.Hash}\"]"))).ToArray();
        var expected = Sha(0x01, [.. Sha(0x01, [.. leaves[0], .. leaves[1]]), .. leaves[2]]);
        Assert.Equal(Convert.ToHexStringLower(expected), _signed[0].Root);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), MerkleTree.Root([]));
    }

    [Fact]
    public void A_tampered_root_is_reported()
    {
        var texts = Texts();
        texts[1] = (_signed[1] with { Root = MerkleTree.Root([.. _signed[1].Heads.Take(2)]) }).Text;
        AssertBad(texts, 2, "not genuine");
    }

    [Fact]
    public void A_head_omitted_from_a_stored_checkpoint_is_reported()
    {
        var texts = Texts();
        texts[1] = (_signed[1] with { Heads = [.. _signed[1].Heads.Where(h => h.Chain != "unit:RAB-6")] }).Text;
        AssertBad(texts, 2, "Merkle root");
    }

    [Fact]
    public void A_head_changed_in_a_stored_checkpoint_is_reported()
    {
        var texts = Texts();
        texts[2] = (_signed[2] with { Heads = [.. _signed[2].Heads.Select(h => h.Chain == "unit:ATU" ? h with { Seq = 8 } : h)] }).Text;
        AssertBad(texts, 3, "Merkle root");
    }

    [Fact]
    public void A_signed_checkpoint_that_drops_a_chain_the_one_before_named_is_reported()
    {
        // Even with the key (a faulty sequencer), a chain once witnessed stays witnessed.
        var texts = Texts();
        texts[2] = _seal.Checkpoint(3, ChainSamples.Start.AddMinutes(3), _signed[1].Root, _signed[2].Heads.Where(h => h.Chain != "oversight")).Text;
        AssertBad(texts, 3, "omits chain 'oversight'");
    }

    [Fact]
    public void A_signed_checkpoint_that_moves_a_chain_back_is_reported()
    {
        var texts = Texts();
        texts[2] = _seal.Checkpoint(3, ChainSamples.Start.AddMinutes(3), _signed[1].Root,
            _signed[2].Heads.Select(h => h.Chain == "unit:ATU" ? h with { Seq = 4 } : h)).Text;
        AssertBad(texts, 3, "rolled back");
    }

    [Fact]
    public void A_replayed_old_checkpoint_is_reported()
    {
        // Appended again at the end, or put in place of a newer one: its number and its link give it away.
        AssertBad([.. Texts(), _signed[0].Text], 4, "found checkpoint 1");
        var texts = Texts();
        texts[2] = _signed[1].Text;
        AssertBad(texts, 3, "found checkpoint 2");
    }

    [Fact]
    public void A_checkpoint_signed_with_another_key_is_reported()
    {
        var other = new AuditSeal(new byte[32]);
        var texts = Texts();
        texts[0] = other.Checkpoint(1, ChainSamples.Start, AuditChain.Genesis, _signed[0].Heads).Text;
        AssertBad(texts, 1, "not genuine");
    }

    [Fact]
    public void Deleted_or_reordered_checkpoints_are_reported()
    {
        AssertBad([Texts()[0], Texts()[2]], 2, "found checkpoint 3");
        AssertBad([Texts()[1], Texts()[0], Texts()[2]], 1, "found checkpoint 2");
    }

    [Fact]
    public void A_checkpoint_that_is_not_one_is_reported()
    {
        AssertBad([Texts()[0], "not a checkpoint"], 2, "well-formed");
    }

    [Fact]
    public void A_position_witnessed_as_the_walk_goes_is_held_to_its_hash_and_a_passed_one_to_the_entry_there()
    {
        var first = AuditChain.Link(AuditChain.Genesis, 1, ChainSamples.Event(1));
        var second = AuditChain.Link(first.Hash, 2, ChainSamples.Event(2));
        var walker = new ChainWalker(_seal, "unit:ATU", [], null);
        Assert.True(walker.Accept(first.Text));
        Assert.True(walker.Witness(new ChainPosition("unit:ATU", 1, first.Hash)));
        Assert.True(walker.Witness(new ChainPosition("unit:ATU", 2, new string('f', 64))));
        Assert.False(walker.Accept(second.Text));
        Assert.Equal(2L, walker.Finish().FirstBadSeq);

        var late = new ChainWalker(_seal, "unit:ATU", [], null);
        Assert.True(late.Accept(first.Text));
        Assert.False(late.Witness(new ChainPosition("unit:ATU", 1, new string('f', 64))));
        Assert.Equal(1L, late.Finish().FirstBadSeq);
    }

    [Fact]
    public void A_chain_that_differs_from_a_signed_head_is_reported_at_that_entry()
    {
        var walker = new ChainWalker(_seal, "unit:ATU", [new ChainPosition("unit:ATU", 1, new string('f', 64))], null);
        Assert.False(walker.Accept(AuditChain.Link(AuditChain.Genesis, 1, ChainSamples.Event(1)).Text));
        var result = walker.Finish();
        Assert.Equal((1L, "unit:ATU"), (result.FirstBadSeq, result.Chain));
        Assert.Contains("checkpoint signed", result.Reason, StringComparison.Ordinal);
    }

    private void Sign(params (string Chain, long Seq)[] heads)
    {
        var positions = heads.Select(h => new ChainPosition(h.Chain, h.Seq, h.Seq == 0 ? AuditChain.Genesis : HashOf(h.Chain, h.Seq)));
        _signed.Add(_seal.Checkpoint(_signed.Count + 1, ChainSamples.Start.AddMinutes(_signed.Count), _signed.Count == 0 ? AuditChain.Genesis : _signed[^1].Root,
            positions));
    }

    private static string HashOf(string chain, long seq) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(chain + seq)));

    private List<string> Texts() => [.. _signed.Select(c => c.Text)];

    private CheckpointWalker Walk(IReadOnlyList<string> texts) => new(_seal, texts);

    private void AssertBad(IReadOnlyList<string> texts, long number, string reason)
    {
        var failure = Walk(texts).Failure;
        Assert.NotNull(failure);
        Assert.False(failure.Intact);
        Assert.Equal((number, ChainVerification.CheckpointsChain), (failure.FirstBadSeq, failure.Chain));
        Assert.Contains(reason, failure.Reason, StringComparison.Ordinal);
    }

    private static byte[] Sha(byte prefix, byte[] data) => SHA256.HashData([prefix, .. data]);
}
