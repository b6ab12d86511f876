using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// The chain contract over a real redis-server of this class's own: the chain's keys are global, so
/// sharing the suite's server would let another test's broker fold into them.
/// </summary>
public sealed class RedisAuditChainStoreContractTests : AuditChainStoreContract, IAsyncLifetime, IDisposable
{
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private ChainRig _rig = null!;
    private RedisStoreOptions _options = null!;
    private AtRestProtector _protector = null!;

    protected override IRequestStore RequestStore => new RedisRequestStore(_connection, _options, _protector);

    protected override IAuditJournal Journal => new RedisOversightStore(_connection, _protector);

    protected override ChainRig Rig => _rig;

    protected override ChainRig SecondReplica() => new(new RedisAuditChainStore(_connection, _protector), new RedisAuditSource(_connection, _protector));

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _options = RedisServerFixture.OptionsFor(_server);
        _protector = new AtRestProtector(_options.SubjectKeyBytes());
        _connection = await RedisConnectionFactory.ConnectAsync(_options).DefaultTimeout();
        _rig = SecondReplica();
    }

    [Fact]
    public async Task A_chains_subject_index_is_bucketed_and_the_hash_and_lists_of_earlier_versions_are_still_read()
    {
        // Events 7 and 13 are about one subject, 8 about another.
        foreach (var i in new[] { 7, 8, 13 })
            await Journal.AppendAsync(ChainSamples.Event(i).Event, default).DefaultTimeout();
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        var db = _connection.GetDatabase();
        var bucket = RedisKeys.SubjectBucketOf(AuditSources.Oversight, 0, 0);
        Assert.Equal(2, await db.HashLengthAsync(bucket).DefaultTimeout());
        var server = _connection.GetServers().Single();
        Assert.Empty(server.Keys(pattern: "*chain-subject:*").ToArray());
        Assert.False(await db.KeyExistsAsync(RedisKeys.SubjectsOf(AuditSources.Oversight)).DefaultTimeout());
        var seven = ChainSamples.Event(7).Event.Details["subject_hmac"];
        var sevens = new[] { ChainSamples.Event(7).Event.RequestId, ChainSamples.Event(13).Event.RequestId };
        Assert.Equal(sevens, (await Rig.Trail.OfSubjectAsync(seven, default).DefaultTimeout()).Select(e => e.Event.RequestId));

        // Entry 2 indexed as the single hash before the buckets kept it; entries 1 and 3 as a list of their own
        // an earlier version kept and that hash.
        var eight = ChainSamples.Event(8).Event.Details["subject_hmac"];
        await db.HashDeleteAsync(bucket, [RedisKeys.SubjectField(eight), RedisKeys.SubjectField(seven)]).DefaultTimeout();
        await db.HashSetAsync(RedisKeys.SubjectsOf(AuditSources.Oversight),
            [new(RedisKeys.SubjectField(eight), "2"), new(RedisKeys.SubjectField(seven), "3")]).DefaultTimeout();
        await db.ListRightPushAsync(RedisKeys.SubjectIndexOf(AuditSources.Oversight, seven), 1).DefaultTimeout();
        Assert.Equal(ChainSamples.Event(8).Event.RequestId, Assert.Single(await Rig.Trail.OfSubjectAsync(eight, default).DefaultTimeout()).Event.RequestId);
        Assert.Equal(sevens, (await Rig.Trail.OfSubjectAsync(seven, default).DefaultTimeout()).Select(e => e.Event.RequestId));
    }

    [Fact]
    public async Task A_chain_written_across_generation_boundaries_finds_every_position_of_every_subject()
    {
        // Two positions per generation-0 bucket: generations 0..5 (boundaries after 2, 4, 8, 16 and 32) in 45 entries.
        var rig = new ChainRig(new RedisAuditChainStore(_connection, _protector, subjectGeneration: 2), new RedisAuditSource(_connection, _protector));
        var events = Enumerable.Range(1, 45).Select(i => ChainSamples.Event(i).Event).ToList();
        // Folds of 1, 2, 3, ... entries: some end on a boundary, others cross one or two.
        for (int appended = 0, batch = 1; appended < events.Count; appended += batch, batch++)
        {
            foreach (var audit in events.Skip(appended).Take(batch))
                await Journal.AppendAsync(audit, default).DefaultTimeout();
            await rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        }

        foreach (var subject in events.Select(e => e.Details["subject_hmac"]).Distinct())
        {
            Assert.Equal(events.Where(e => e.Details["subject_hmac"] == subject).Select(e => e.RequestId),
                (await rig.Trail.OfSubjectAsync(subject, default).DefaultTimeout()).Select(e => e.Event.RequestId));
        }
        var buckets = _connection.GetServers().Single().Keys(pattern: "*chain-subjects:*").Select(k => k.ToString()).ToArray();
        Assert.Contains(buckets, k => k.Contains(":chain-subjects:5:", StringComparison.Ordinal));
        Assert.DoesNotContain(buckets, k => k.Contains(":chain-subjects:6:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_bucket_of_the_subject_index_stays_a_listpack_of_a_few_dozen_bytes_an_entry()
    {
        // 300 entries about 300 subjects: generations 0 (1 bucket), 1 (2) and 2 (4) at the default size.
        const int Entries = 300;
        foreach (var i in Enumerable.Range(1, Entries))
        {
            var sample = ChainSamples.Event(i).Event;
            var subject = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            await Journal.AppendAsync(sample with { Details = new Dictionary<string, string>(sample.Details) { ["subject_hmac"] = subject } }, default)
                .DefaultTimeout();
        }
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        var db = _connection.GetDatabase();
        var buckets = _connection.GetServers().Single().Keys(pattern: "*chain-subjects:*").ToArray();
        Assert.Equal(7, buckets.Length);
        long bytes = 0;
        foreach (var bucket in buckets)
        {
            Assert.Equal("listpack", (await db.ExecuteAsync("OBJECT", "ENCODING", bucket).DefaultTimeout()).ToString());
            bytes += (long)await db.ExecuteAsync("MEMORY", "USAGE", bucket, "SAMPLES", "0").DefaultTimeout();
        }
        Assert.Equal(Entries, await Task.WhenAll(buckets.Select(b => db.HashLengthAsync(b))).ContinueWith(t => t.Result.Sum()).DefaultTimeout());
        Assert.InRange(bytes / Entries, 1, 40); // a hashtable of one key per chain took ~72 B an entry
        foreach (var position in new long[] { 1, 128, 129, 256, 257, Entries })
        {
            var subject = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes((int)position)));
            Assert.Equal([position], await Rig.Chain.PositionsOfSubjectAsync(AuditSources.Oversight, subject, default).DefaultTimeout());
        }
    }

    [Fact]
    public async Task Every_detail_reads_back_exactly_however_compactly_it_is_stored()
    {
        var details = new Dictionary<string, string>
        {
            ["requester"] = "officer-7", // the actor's own id
            ["subject_hmac"] = new string('c', 62) + "0f", // lowercase hex
            ["release_id"] = "ABCDEF0123456789ABCDEF0123456789", // upper-case hex is text
            ["fields"] = "abc", // too short to be a hash
            ["odd"] = new string('a', 33), // odd length
            ["note"] = "",
            ["a name no table knows"] = "officer-7 «naïve»",
            ["categories"] = "NidDetails,CallRecords", // known words, by number
            ["legal_basis"] = "AntiTerrorismAct,Unknown", // not all known: text
            ["state"] = "Approved,", // an empty word: text
            ["submitted_at"] = "2026-11-30T14:00:00.1234567+06:00", // a time, as ticks from the event's, with its offset
            ["expires_at"] = "2026-11-30T14:00:00+06:00", // not the round-trip format: text
            ["third_party_numbers"] = "1990", // a number, as a varint
            ["version"] = "0",
            ["count"] = "007", // not as it would print: text
            ["limit"] = "-5",
        };
        var audit = ChainSamples.Event(1).Event with { ActorId = "officer-7", Details = details };
        await Journal.AppendAsync(audit, default).DefaultTimeout();
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());

        var entry = AuditChain.Parse(Assert.Single(await Rig.Chain.ReadAsync(AuditSources.Oversight, 1, 1, default).DefaultTimeout()))!;
        Assert.Equal(details.OrderBy(d => d.Key), entry.Event.Details.OrderBy(d => d.Key));
        Assert.Equal((audit.Kind, audit.RequestId, audit.ActorId, audit.At), (entry.Event.Kind, entry.Event.RequestId, entry.Event.ActorId, entry.Event.At));
        var verified = await Rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(verified.Intact, verified.Reason);
        // Kept as its compact parts (format byte 2), not as its text: the compact form rebuilt the text exactly.
        var stored = (byte[])(await _connection.GetDatabase().ListGetByIndexAsync(RedisKeys.ChainOf(AuditSources.Oversight), 0).DefaultTimeout())!;
        Assert.Equal(2, stored[0]);
    }

    [Theory]
    [InlineData("unit:ATU")]
    [InlineData("unit:RAB-6")]
    [InlineData(AuditSources.Oversight)]
    public void Every_key_of_a_fold_shares_its_chains_hash_slot_so_a_cluster_runs_it_on_one_node(string chain)
    {
        RedisKey[] keys =
        [
            RedisKeys.ChainOf(chain), RedisKeys.HeadOf(chain), RedisKeys.CursorOf(chain), RedisKeys.LeaseOf(chain),
            RedisKeys.StreamOf(chain), RedisKeys.SubjectsOf(chain), RedisKeys.SubjectBucketOf(chain, 0, 0), RedisKeys.SubjectBucketOf(chain, 9, 300),
        ];
        Assert.Single(keys.Select(k => _connection.HashSlot(k)).Distinct());
    }

    [Fact]
    public async Task A_broker_that_folded_on_while_its_lease_was_lost_and_retaken_appends_nothing_twice()
    {
        var unit = AuditSources.OfUnit("ATU");
        var first = Requests.New("ATU");
        await RequestStore.SubmitAsync(first, Requests.Audit(first), default).DefaultTimeout();
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        var db = _connection.GetDatabase();
        var holder = (await db.StringGetAsync(RedisKeys.LeaseOf(unit)).DefaultTimeout()).ToString();

        // Its lease lapses (a pause past the TTL: here, deleted), another broker takes it and folds the next event,
        // then the first takes it back: what the first knew of the chain's head is stale now.
        await db.KeyDeleteAsync(RedisKeys.LeaseOf(unit)).DefaultTimeout();
        var second = Requests.New("ATU");
        await RequestStore.SubmitAsync(second, Requests.Audit(second), default).DefaultTimeout();
        var another = SecondReplica();
        Assert.Equal(1, await another.Sequencer.CatchUpAsync(default).DefaultTimeout());
        await db.StringSetAsync(RedisKeys.LeaseOf(unit), holder, TimeSpan.FromSeconds(30)).DefaultTimeout();

        // The compare-and-set on the chain's length refuses the stale fold; the next reads the chain afresh.
        Assert.Equal(0, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Equal(0, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Equal(2, await db.ListLengthAsync(RedisKeys.ChainOf(unit)).DefaultTimeout());
        var verified = await Rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(verified.Intact, verified.Reason);
        var third = Requests.New("ATU");
        await RequestStore.SubmitAsync(third, Requests.Audit(third), default).DefaultTimeout();
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Equal(3, await db.ListLengthAsync(RedisKeys.ChainOf(unit)).DefaultTimeout());
    }

    public void Dispose() => _protector?.Dispose();

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
