using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// Tampering with the chains and checkpoints where they are really stored: a real redis-server, edited with
/// Redis commands as an intruder with access to Redis (but not to the checkpoint key) would. The events are the
/// oversight stream's, so they fold into the oversight chain.
/// </summary>
public sealed class RedisAuditTamperTests : IAsyncLifetime, IDisposable
{
    private static readonly RedisKey Chain = RedisKeys.ChainOf(AuditSources.Oversight);
    private static readonly RedisKey Head = RedisKeys.HeadOf(AuditSources.Oversight);
    private readonly FakeTimeProvider _time = new(ChainSamples.Start);
    private RedisServerProcess _server = null!;
    private AtRestProtector _protector = null!;
    private ConnectionMultiplexer _connection = null!;
    private ChainRig _rig = null!;
    private byte[][] _stored = [];

    private IDatabase Db => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        var options = RedisServerFixture.OptionsFor(_server);
        _protector = new AtRestProtector(options.SubjectKeyBytes());
        _connection = await RedisConnectionFactory.ConnectAsync(options).DefaultTimeout();
        _rig = AnotherBroker();
        var journal = new RedisOversightStore(_connection, _protector);
        // Two folds, a checkpoint at the first (and the next only an hour later): entries 4 and 5 lie past the last checkpoint.
        for (var i = 1; i <= 3; i++)
            await journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
        await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        for (var i = 4; i <= 5; i++)
            await journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
        await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        _stored = [.. (await Db.ListRangeAsync(Chain)).Select(v => (byte[])v!)];
        Assert.Equal(5, _stored.Length);
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    /// <summary>A sequencer and trail over the same Redis that remember nothing this test's broker signed.</summary>
    private ChainRig AnotherBroker() => new(new RedisAuditChainStore(_connection, _protector), new RedisAuditSource(_connection, _protector), _time);

    public void Dispose() => _protector?.Dispose();

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_single_byte_edit_of_every_stored_entry_is_reported_at_that_entry()
    {
        var edits = 0;
        for (var e = 0; e < _stored.Length; e++)
        {
            var bytes = _stored[e];
            for (var b = 0; b < bytes.Length; b++)
            {
                var edited = (byte[])bytes.Clone();
                edited[b] ^= 0x20;
                await Db.ListSetByIndexAsync(Chain, e, edited);
                var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
                Assert.False(result.Intact, $"byte {b} of entry {e + 1} edited unnoticed");
                Assert.Equal(e + 1, result.FirstBadSeq);
                edits++;
            }
            await Db.ListSetByIndexAsync(Chain, e, _stored[e]);
        }
        Assert.Equal(_stored.Sum(s => s.Length), edits);
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task An_entry_is_stored_as_its_sealed_parts_under_half_its_text_and_entries_stored_as_text_still_verify()
    {
        var texts = await _rig.Chain.ReadAsync(AuditSources.Oversight, 1, 5, default).DefaultTimeout();
        var asText = texts.Select((t, i) => Encoding.UTF8.GetBytes(_protector.Protect(t, AuditSources.Oversight + "#" + (i + 1), "chain"))).ToArray();
        Assert.All(_stored.Zip(asText), s => Assert.True(s.First.Length * 2 < s.Second.Length, $"{s.First.Length} B stored, {s.Second.Length} B as text"));

        // Entry 3 as an earlier version wrote it (its text, encrypted, base64): read and verified like the others.
        await Db.ListSetByIndexAsync(Chain, 2, asText[2]);
        Assert.Equal(texts, await _rig.Chain.ReadAsync(AuditSources.Oversight, 1, 5, default).DefaultTimeout());
        var intact = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(intact.Intact, intact.Reason);
        var edited = (byte[])asText[2].Clone();
        edited[10] ^= 0x20;
        await Db.ListSetByIndexAsync(Chain, 2, edited);
        Assert.Equal((false, 3L), ((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact, (await _rig.Trail.VerifyAsync(default).DefaultTimeout()).FirstBadSeq));
        // The same text sealed for another position does not pass either.
        await Db.ListSetByIndexAsync(Chain, 2, asText[1]);
        Assert.False((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task An_entry_rewritten_and_resealed_by_an_intruder_holding_the_at_rest_key_is_reported_where_the_chain_breaks()
    {
        // An entry keeps no copy of its predecessor's hash: the next entry's stored hash, over that predecessor's, is the link.
        var texts = await _rig.Chain.ReadAsync(AuditSources.Oversight, 1, 5, default).DefaultTimeout();
        var signed = Checkpoint.Parse((await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 0)).ToString())!.HeadOf(AuditSources.Oversight)!.Seq;
        for (var e = 0; e < _stored.Length; e++)
        {
            var entry = AuditChain.Parse(texts[e])!;
            var forged = AuditChain.Link(entry.PrevHash, entry.Seq,
                new SourcedAuditEvent(entry.Source, entry.SourceId, entry.Event with { ActorId = "someone-else" }));
            await Db.ListSetByIndexAsync(Chain, e, RedisChainEntry.Store(forged, AuditSources.Oversight, _protector));

            var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();

            // Its own hash matches its new content: the checkpoint that signed its position catches it there; else the next entry,
            // which no longer links to it; the last, the sealed head, which does not name it.
            Assert.False(result.Intact, $"entry {e + 1} rewritten unnoticed");
            Assert.Equal(e + 1 == signed ? signed : Math.Min(e + 2, _stored.Length), result.FirstBadSeq);
            await Db.ListSetByIndexAsync(Chain, e, _stored[e]);
        }
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task Every_single_byte_edit_of_the_stored_head_or_checkpoints_is_reported()
    {
        var head = (await Db.StringGetAsync(Head)).ToString();
        foreach (var edited in EveryByteEdit(head))
        {
            await Db.StringSetAsync(Head, edited);
            Assert.False((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
        }
        await Db.StringSetAsync(Head, head);

        var checkpoints = (await Db.ListRangeAsync(RedisKeys.Checkpoints)).Select(v => v.ToString()).ToArray();
        for (var c = 0; c < checkpoints.Length; c++)
        {
            foreach (var edited in EveryByteEdit(checkpoints[c]))
            {
                await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, c, edited);
                Assert.False((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
            }
            await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, c, checkpoints[c]);
        }
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task Read_two_at_a_time_a_checkpoint_or_an_entry_tampered_in_a_later_page_is_still_reported()
    {
        // Four more folds, each over an hour after the last: five checkpoints over nine entries, read in pages of two.
        var journal = new RedisOversightStore(_connection, _protector);
        for (var i = 6; i <= 9; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(61));
            await journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
            await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        }
        var paged = new ChainRig(new RedisAuditChainStore(_connection, _protector), new RedisAuditSource(_connection, _protector), _time,
            verifyPage: 2);
        var intact = await paged.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(intact.Intact, intact.Reason);
        Assert.Equal((9L, 5L), (intact.EntriesChecked, intact.CheckpointsChecked));

        // Checkpoint 4, in the second page, replaced by checkpoint 3 (a replay).
        var fourth = (await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 3)).ToString();
        await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, 3, await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 2));
        var replayed = await paged.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.Equal((false, 4L, ChainVerification.CheckpointsChain), (replayed.Intact, replayed.FirstBadSeq, replayed.Chain));
        await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, 3, fourth);

        // Entry 8, in the fourth page, edited.
        var eighth = (byte[])(await Db.ListGetByIndexAsync(Chain, 7))!;
        var altered = (byte[])eighth.Clone();
        altered[^1] ^= 1;
        await Db.ListSetByIndexAsync(Chain, 7, altered);
        var edited = await paged.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.Equal((false, 8L), (edited.Intact, edited.FirstBadSeq));
        await Db.ListSetByIndexAsync(Chain, 7, eighth);

        // Entries 6 to 9 cut: the last checkpoint, read in the last page, signed entry 9.
        await Db.ListTrimAsync(Chain, 0, 4);
        var cut = await paged.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.Equal((false, 6L), (cut.Intact, cut.FirstBadSeq));
    }

    [Fact]
    public async Task A_deleted_entry_is_reported()
    {
        await Db.ListRemoveAsync(Chain, _stored[2]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task An_inserted_entry_is_reported()
    {
        await Db.ListInsertBeforeAsync(Chain, _stored[1], _stored[3]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBadSeq);
    }

    [Fact]
    public async Task Reordered_entries_are_reported()
    {
        await Db.ListSetByIndexAsync(Chain, 1, _stored[3]);
        await Db.ListSetByIndexAsync(Chain, 3, _stored[1]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBadSeq);
    }

    [Fact]
    public async Task A_tail_cut_after_the_last_checkpoint_is_reported()
    {
        await Db.ListTrimAsync(Chain, 0, 3);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(5, result.FirstBadSeq);
    }

    [Fact]
    public async Task A_tail_cut_with_its_head_rolled_back_is_reported_against_the_sequencers_own_seal()
    {
        // The intruder restores an older genuine head (entry 3's, from the checkpoint's values) after cutting the
        // tail past the last checkpoint: the checkpoints still hold, so only what this broker sealed catches it.
        var signed = Checkpoint.Parse((await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 0)).ToString())!.HeadOf(AuditSources.Oversight)!;
        await Db.ListTrimAsync(Chain, 0, signed.Seq - 1);
        await Db.StringSetAsync(Head, ChainSamples.Seal().Head(AuditSources.Oversight, signed.Seq, signed.Hash).Text);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal((signed.Seq + 1, AuditSources.Oversight), (result.FirstBadSeq, result.Chain));
    }

    [Fact]
    public async Task Deleted_checkpoints_are_reported_against_the_sequencers_own_signature()
    {
        await Db.KeyDeleteAsync(RedisKeys.Checkpoints);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal((1L, ChainVerification.CheckpointsChain), (result.FirstBadSeq, result.Chain));
    }

    [Fact]
    public async Task A_head_rolled_back_behind_a_checkpoint_is_reported_by_any_broker()
    {
        // An hour on, the next checkpoint signs the oversight chain at entry 5.
        _time.Advance(TimeSpan.FromHours(2));
        await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        Assert.Equal(2, await Db.ListLengthAsync(RedisKeys.Checkpoints));
        var older = AuditChain.Parse(Assert.Single(await _rig.Chain.ReadAsync(AuditSources.Oversight, 3, 1, default).DefaultTimeout()))!;
        await Db.ListTrimAsync(Chain, 0, 2);
        await Db.StringSetAsync(Head, ChainSamples.Seal().Head(AuditSources.Oversight, older.Seq, older.Hash).Text);

        var result = await AnotherBroker().Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal((4L, AuditSources.Oversight), (result.FirstBadSeq, result.Chain));
        Assert.Contains("checkpoint signed entry 5", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_old_checkpoint_is_reported()
    {
        var first = (await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 0)).ToString();
        await Db.ListRightPushAsync(RedisKeys.Checkpoints, first);
        var result = await AnotherBroker().Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal((2L, ChainVerification.CheckpointsChain), (result.FirstBadSeq, result.Chain));
    }

    [Fact]
    public async Task A_checkpoint_with_a_head_omitted_or_its_root_replaced_is_reported()
    {
        var text = (await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 0)).ToString();
        var checkpoint = Checkpoint.Parse(text)!;
        Assert.Equal(3, checkpoint.Heads.Count); // both units' chains (empty) and the oversight chain
        foreach (var forged in new[]
        {
            checkpoint with { Heads = [.. checkpoint.Heads.Where(h => h.Chain != AuditSources.Oversight)] },
            checkpoint with { Heads = [.. checkpoint.Heads.Where(h => h.Chain != AuditSources.Oversight)], Root = MerkleTree.Root([.. checkpoint.Heads.Where(h => h.Chain != AuditSources.Oversight)]) },
        })
        {
            await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, 0, forged.Text);
            var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
            Assert.False(result.Intact);
            Assert.Equal((1L, ChainVerification.CheckpointsChain), (result.FirstBadSeq, result.Chain));
        }
        await Db.ListSetByIndexAsync(RedisKeys.Checkpoints, 0, text);
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    private static IEnumerable<byte[]> EveryByteEdit(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var b = 0; b < bytes.Length; b++)
        {
            var edited = (byte[])bytes.Clone();
            edited[b] ^= 0x20;
            yield return edited;
        }
    }
}
