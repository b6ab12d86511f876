using System.Text;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// Tampering with the chain where it is really stored: a real redis-server, edited with Redis commands
/// as an intruder with access to Redis (but not to the checkpoint key) would.
/// </summary>
public sealed class RedisAuditTamperTests : IAsyncLifetime
{
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private ChainRig _rig = null!;
    private string[] _stored = [];

    private IDatabase Db => _connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        var options = RedisServerFixture.OptionsFor(_server);
        var protector = new AtRestProtector(options.SubjectKeyBytes());
        _connection = await RedisConnectionFactory.ConnectAsync(options).DefaultTimeout();
        _rig = new ChainRig(new RedisAuditChainStore(_connection, protector), new RedisAuditSource(_connection, protector));
        var journal = new RedisOversightStore(_connection, protector);
        // Two folds with a checkpoint every 3 entries: entries 4 and 5 lie past the last checkpoint.
        for (var i = 1; i <= 3; i++)
            await journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
        await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        for (var i = 4; i <= 5; i++)
            await journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
        await _rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        _stored = [.. (await Db.ListRangeAsync(RedisKeys.Chain)).Select(v => v.ToString())];
        Assert.Equal(5, _stored.Length);
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

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
            var bytes = Encoding.UTF8.GetBytes(_stored[e]);
            for (var b = 0; b < bytes.Length; b++)
            {
                var edited = (byte[])bytes.Clone();
                edited[b] ^= 0x20;
                await Db.ListSetByIndexAsync(RedisKeys.Chain, e, edited);
                var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
                Assert.False(result.Intact, $"byte {b} of entry {e + 1} edited unnoticed");
                Assert.Equal(e + 1, result.FirstBadSeq);
                edits++;
            }
            await Db.ListSetByIndexAsync(RedisKeys.Chain, e, _stored[e]);
        }
        Assert.True(edits > 1000);
        Assert.True((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task Every_single_byte_edit_of_the_stored_head_or_checkpoints_is_reported()
    {
        var head = (await Db.StringGetAsync(RedisKeys.ChainHead)).ToString();
        foreach (var edited in EveryByteEdit(head))
        {
            await Db.StringSetAsync(RedisKeys.ChainHead, edited);
            Assert.False((await _rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
        }
        await Db.StringSetAsync(RedisKeys.ChainHead, head);

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
    public async Task A_deleted_entry_is_reported()
    {
        await Db.ListRemoveAsync(RedisKeys.Chain, _stored[2]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBadSeq);
    }

    [Fact]
    public async Task An_inserted_entry_is_reported()
    {
        await Db.ListInsertBeforeAsync(RedisKeys.Chain, _stored[1], _stored[3]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBadSeq);
    }

    [Fact]
    public async Task Reordered_entries_are_reported()
    {
        await Db.ListSetByIndexAsync(RedisKeys.Chain, 1, _stored[3]);
        await Db.ListSetByIndexAsync(RedisKeys.Chain, 3, _stored[1]);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBadSeq);
    }

    [Fact]
    public async Task A_tail_cut_after_the_last_checkpoint_is_reported()
    {
        await Db.ListTrimAsync(RedisKeys.Chain, 0, 3);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(5, result.FirstBadSeq);
    }

    [Fact]
    public async Task A_tail_cut_with_its_head_rolled_back_is_reported_against_the_sequencers_own_seal()
    {
        // The intruder restores an older genuine head (entry 3's, from a checkpoint's values) after cutting the tail.
        var checkpoint = DataBroker.Broker.Domain.Audit.Checkpoint.Parse((await Db.ListGetByIndexAsync(RedisKeys.Checkpoints, 0)).ToString())!;
        var olderHead = ChainSamples.Seal().Head(checkpoint.Seq, checkpoint.Hash);
        await Db.ListTrimAsync(RedisKeys.Chain, 0, checkpoint.Seq - 1);
        await Db.KeyDeleteAsync(RedisKeys.Checkpoints);
        await Db.StringSetAsync(RedisKeys.ChainHead, olderHead.Text);
        var result = await _rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.False(result.Intact);
        Assert.Equal(checkpoint.Seq + 1, result.FirstBadSeq);
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
