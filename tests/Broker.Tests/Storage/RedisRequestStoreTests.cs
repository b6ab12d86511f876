using DataBroker.Broker.Tests.Support;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Storage.Redis.Stored;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>What only the Redis store promises: its key scheme, sealing at rest, durability across connections, failing fast.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRequestStoreTests(RedisServerFixture redis) : IDisposable
{
    private readonly RequestFactory _requests = new();
    private readonly RedisRequestStore _store = new(redis.Connection, redis.Options);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Every_key_of_a_unit_shares_its_hash_tag_even_with_hostile_ids()
    {
        var unit = RequestFactory.NewUnit();
        var request = _requests.New(unit, requester: "evil}:{u:OTHER}:by", idempotencyKey: "key:{x}%20 y");
        await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var cancelled = _requests.Cancel(request);
        Assert.True(await _store.TryUpdateAsync(cancelled, _requests.Audit(cancelled, AuditKinds.Cancelled), default).DefaultTimeout());

        var keys = await KeysOfAsync(unit);

        var tag = "{u:" + unit + "}:";
        Assert.Equal(["audit", "by", "idem", "req"], keys.Select(k => k[tag.Length..].Split(':')[0]).Order(StringComparer.Ordinal));
        // The request's key ends in its id's 16 bytes, which may be any byte: its name as text is the rest.
        var requestKey = RedisKeys.Request(unit, request.Id).ToString();
        Assert.All(keys, key =>
        {
            Assert.StartsWith(tag, key, StringComparison.Ordinal);
            // One '{' and one '}': the hostile parts were escaped, so the tag is the only one.
            var named = key == requestKey ? RedisKeys.RequestPrefix(unit) : key;
            Assert.Equal(1, named.Count(c => c == '{'));
            Assert.Equal(1, named.Count(c => c == '}'));
            Assert.Equal(redis.Connection.HashSlot(tag + "x"), redis.Connection.HashSlot(key));
        });
        // The idempotency key is a field of the unit's hash for this period, named by a keyed hash, holding its expiry and
        // the request; the hash expires with it.
        var hash = Assert.Single(keys, k => k.StartsWith(tag + "idem", StringComparison.Ordinal));
        var idempotency = Assert.Single(await redis.Connection.GetDatabase().HashGetAllAsync(hash).DefaultTimeout());
        Assert.Equal(16, ((byte[])idempotency.Name!).Length);
        var (expiry, target) = Entry(unit, idempotency.Value);
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromDays(7.9), TimeSpan.FromDays(8));
        Assert.Equal(request.Id, target);
        Assert.Equal(expiry, await ExpiryOfAsync(hash));
        RequestAssert.Same(cancelled, await _store.GetAsync(unit, request.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task A_submit_a_decision_and_a_disclosure_are_each_one_script_call_by_sha()
    {
        await using var connection = await RedisConnectionFactory.ConnectAsync(redis.Options).DefaultTimeout();
        await RedisScripts.LoadAsync(connection, default).DefaultTimeout();
        using var store = new RedisRequestStore(connection, redis.Options);
        // The profiler sees every command the client sends; the server's command stats confirm it ran by SHA.
        var session = new ProfilingSession();
        connection.RegisterProfiler(() => session);
        await using var admin = await RedisServerFixture.ConnectAdminAsync(redis.Options).DefaultTimeout();
        var (eval, evalsha) = await ScriptCallsAsync(admin);
        var unit = RequestFactory.NewUnit();
        var limits = new LimitPolicy([
            new LimitRule("per-officer", LimitScope.Officer, 100, TimeSpan.FromHours(1), 100),
            new LimitRule("per-unit", LimitScope.Unit, 100, TimeSpan.FromHours(1), 100),
            new LimitRule("subjects", LimitScope.ReleasedSubjects, 100, TimeSpan.FromDays(1), 0)]);
        var request = _requests.New(unit);

        // A submission with its limits and every insider and emergency count.
        var activity = new ActivityPlan([
            new DistinctCount("subjects:officer-1", "s1", TimeSpan.FromHours(1), 5), new DistinctCount("case:officer-1:C", "s1", TimeSpan.FromDays(1)),
            new DistinctCount("offhours:officer-1", "k", TimeSpan.FromHours(1)), new DistinctCount("emergency", "officer-1/k", TimeSpan.FromDays(1), 3)]);
        await store.SubmitAsync(request, _requests.Audit(request), await limits.ForSubmitAsync(request, default), activity, default).DefaultTimeout();
        Assert.Equal(["EVALSHA"], session.FinishProfiling().Select(c => c.Command));

        // A decision with its limits and its insider count.
        var approved = _requests.Approve(request);
        Assert.True(await store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved),
            await limits.ForDecisionAsync(RequestFactory.Approver("approver-1"), default),
            new ActivityPlan([new DistinctCount("approver:approver-1:pair:officer-1", request.Id, TimeSpan.FromDays(1))]), default).DefaultTimeout());
        Assert.Equal(["EVALSHA"], session.FinishProfiling().Select(c => c.Command));

        var disclosed = approved.Disclose(RequestFactory.Requester(unit), "rel-1", _requests.Time.GetUtcNow());
        Assert.True(await store.TryUpdateAsync(disclosed, _requests.Audit(disclosed, AuditKinds.Disclosed), await limits.ForReleaseAsync(disclosed, default),
            default).DefaultTimeout());
        Assert.Equal(["EVALSHA"], session.FinishProfiling().Select(c => c.Command));
        Assert.Equal((eval, evalsha + 3), await ScriptCallsAsync(admin));
    }

    private static async Task<(long Eval, long EvalSha)> ScriptCallsAsync(ConnectionMultiplexer admin)
    {
        var stats = (await admin.GetDatabase().ExecuteAsync("INFO", "commandstats").DefaultTimeout()).ToString().Split('\n');
        long Calls(string command) => stats.FirstOrDefault(l => l.StartsWith("cmdstat_" + command + ":calls=", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture)
            : 0;
        return (Calls("eval"), Calls("evalsha"));
    }

    [Fact]
    public async Task A_replayed_idempotency_key_returns_the_original_until_it_expires()
    {
        var options = RedisServerFixture.OptionsFor(redis.Options.ConnectionString);
        options.IdempotencyTtl = TimeSpan.FromMilliseconds(300);
        using var store = new RedisRequestStore(redis.Connection, options);
        var unit = RequestFactory.NewUnit();
        var first = _requests.New(unit, idempotencyKey: "k-1");
        await store.SubmitAsync(first, _requests.Audit(first), default).DefaultTimeout();

        var replay = await store.SubmitAsync(_requests.New(unit, idempotencyKey: "k-1"), _requests.Audit(first), default).DefaultTimeout();
        Assert.True(replay.Replayed);
        RequestAssert.Same(first, replay.Request);

        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var later = _requests.New(unit, idempotencyKey: "k-1");
        var fresh = await store.SubmitAsync(later, _requests.Audit(later), default).DefaultTimeout();
        Assert.False(fresh.Replayed);
        RequestAssert.Same(later, await store.GetAsync(unit, later.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task An_idempotency_entry_is_23_bytes_for_a_request_id_and_the_escaped_text_for_any_other()
    {
        var unit = RequestFactory.NewUnit();
        var request = _requests.New(unit);
        // An id the broker did not write: stored as its text, and replayed just the same.
        var other = _requests.New(unit, idempotencyKey: "k-other") with { Id = unit + ".not:a base32 id" };
        foreach (var r in new[] { request, other })
            await _store.SubmitAsync(r, _requests.Audit(r), default).DefaultTimeout();

        var hash = Assert.Single(await KeysOfAsync(unit), k => k.Contains(":idem", StringComparison.Ordinal));
        var values = (await redis.Connection.GetDatabase().HashValuesAsync(hash).DefaultTimeout()).Select(v => (byte[])v!).ToArray();
        // Expiry (6 bytes), 0, the id's 16 bytes; against 46 bytes of text before.
        var binary = Assert.Single(values, v => v.Length == 23);
        Assert.Equal(0, binary[6]);
        Assert.Equal(request.Id, RequestIds.FromBytes(unit, binary.AsSpan(7)));
        var text = Assert.Single(values, v => v.Length != 23);
        Assert.Equal(1, text[6]);
        Assert.Equal(RedisKeys.Escape(other.Id), Encoding.UTF8.GetString(text.AsSpan(7)));

        foreach (var r in new[] { request, other })
        {
            var replay = await _store.SubmitAsync(_requests.New(unit, idempotencyKey: r.IdempotencyKey), _requests.Audit(r), default).DefaultTimeout();
            Assert.True(replay.Replayed);
            RequestAssert.Same(r, replay.Request);
        }
    }

    [Fact]
    public async Task An_idempotency_entry_an_earlier_broker_wrote_replays_until_its_expiry()
    {
        var unit = RequestFactory.NewUnit();
        var db = redis.Connection.GetDatabase();
        var before = _requests.New(unit, idempotencyKey: "k-before");
        await _store.SubmitAsync(before, _requests.Audit(before), default).DefaultTimeout();
        // As a broker before periods kept it: one hash per unit, base64 field, "expiry ms:escaped id"; and the request
        // under its key by text, as such a broker stored every request.
        var hash = Assert.Single(await KeysOfAsync(unit), k => k.Contains(":idem:", StringComparison.Ordinal));
        await db.KeyDeleteAsync(hash).DefaultTimeout();
        await db.KeyRenameAsync(RedisKeys.Request(unit, before.Id), RedisKeys.RequestByText(unit, before.Id)).DefaultTimeout();
        var field = redis.Protector.ShortKeyedHash(before.RequesterId + "\n" + before.IdempotencyKey);
        var expiry = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds();
        await db.HashSetAsync(RedisKeys.IdempotencyBeforePeriods(unit), field,
            expiry.ToString(CultureInfo.InvariantCulture) + ":" + RedisKeys.Escape(before.Id)).DefaultTimeout();

        var replay = await _store.SubmitAsync(_requests.New(unit, idempotencyKey: "k-before"), _requests.Audit(before), default).DefaultTimeout();
        Assert.True(replay.Replayed);
        RequestAssert.Same(before, replay.Request);

        // Past its expiry it names nothing: the same key makes a new request.
        await db.HashSetAsync(RedisKeys.IdempotencyBeforePeriods(unit), field,
            DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + RedisKeys.Escape(before.Id))
            .DefaultTimeout();
        var later = _requests.New(unit, idempotencyKey: "k-before");
        Assert.False((await _store.SubmitAsync(later, _requests.Audit(later), default).DefaultTimeout()).Replayed);
        RequestAssert.Same(later, await _store.GetAsync(unit, later.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task The_hash_of_earlier_brokers_gets_one_ttl_from_each_brokers_first_submit_of_the_unit()
    {
        var unit = RequestFactory.NewUnit();
        var db = redis.Connection.GetDatabase();
        var before = RedisKeys.IdempotencyBeforePeriods(unit);
        await db.HashSetAsync(before, "field", DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":x")
            .DefaultTimeout();
        async Task SubmitAsync(RedisRequestStore store)
        {
            var request = _requests.New(unit);
            await store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        }

        // Nothing writes it any more, so nothing would ever remove it: every entry it can hold expires within one TTL.
        await SubmitAsync(_store);
        Assert.InRange((await db.KeyTimeToLiveAsync(before).DefaultTimeout())!.Value, TimeSpan.FromDays(7.9), TimeSpan.FromDays(8));
        // Once per process and unit, not a command on every Submit.
        await db.KeyPersistAsync(before).DefaultTimeout();
        await SubmitAsync(_store);
        Assert.Null(await db.KeyTimeToLiveAsync(before).DefaultTimeout());
        using var restarted = new RedisRequestStore(redis.Connection, redis.Options);
        await SubmitAsync(restarted);
        Assert.NotNull(await db.KeyTimeToLiveAsync(before).DefaultTimeout());
    }

    [Fact]
    public async Task An_idempotency_hash_expires_with_its_last_entry_so_nothing_is_left_to_sweep()
    {
        var options = RedisServerFixture.OptionsFor(redis.Options.ConnectionString);
        options.IdempotencyTtl = TimeSpan.FromMilliseconds(300);
        // A clock held mid-period, so every entry goes to one hash.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 300 * 300 + 150));
        using var store = new RedisRequestStore(redis.Connection, options, redis.Protector, clock);
        var unit = RequestFactory.NewUnit();
        var db = redis.Connection.GetDatabase();
        for (var i = 0; i < 5; i++)
        {
            var request = _requests.New(unit);
            await store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        }

        var hash = Assert.Single(await KeysOfAsync(unit), k => k.Contains(":idem:", StringComparison.Ordinal));
        var entries = await db.HashValuesAsync(hash).DefaultTimeout();
        Assert.Equal(5, entries.Length);
        var last = entries.Max(e => Entry(unit, e).Expiry);
        Assert.Equal(last, await ExpiryOfAsync(hash));
        // Once the last entry has expired, so has the hash (Redis expires a key on access, to the millisecond).
        await Task.Delay(TimeSpan.FromTicks(Math.Max(0, (last - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(20)).Ticks)));
        Assert.False(await db.KeyExistsAsync(hash).DefaultTimeout());
        Assert.DoesNotContain(await KeysOfAsync(unit), k => k.Contains(":idem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idempotency_key_replays_across_a_period_boundary_and_between_clocks_a_minute_apart()
    {
        var options = RedisServerFixture.OptionsFor(redis.Options.ConnectionString);
        options.IdempotencyTtl = TimeSpan.FromHours(1);
        var boundary = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 3_600_000 * 3_600_000);
        RedisRequestStore StoreAt(TimeSpan offset) =>
            new(redis.Connection, options, redis.Protector, new FakeTimeProvider(boundary + offset));
        using var behind = StoreAt(TimeSpan.FromSeconds(-10));
        using var after = StoreAt(TimeSpan.FromSeconds(20));
        using var ahead = StoreAt(TimeSpan.FromSeconds(10));
        using var slow = StoreAt(TimeSpan.FromSeconds(-40));
        using var nextPeriod = StoreAt(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(10));
        var unit = RequestFactory.NewUnit();

        // Written in the period before the boundary: read from the previous hash after it, even a full period later by a
        // clock up to a minute ahead of the writer's.
        var first = _requests.New(unit, idempotencyKey: "k-1");
        await behind.SubmitAsync(first, _requests.Audit(first), default).DefaultTimeout();
        foreach (var reader in new[] { after, nextPeriod })
            Assert.True((await reader.SubmitAsync(_requests.New(unit, idempotencyKey: "k-1"), _requests.Audit(first), default).DefaultTimeout()).Replayed);

        // Written just after the boundary by a clock ahead: found by a clock still before it.
        var second = _requests.New(unit, idempotencyKey: "k-2");
        await ahead.SubmitAsync(second, _requests.Audit(second), default).DefaultTimeout();
        var replay = await slow.SubmitAsync(_requests.New(unit, idempotencyKey: "k-2"), _requests.Audit(second), default).DefaultTimeout();
        Assert.True(replay.Replayed);
        RequestAssert.Same(second, replay.Request);
        Assert.Equal(2, (await KeysOfAsync(unit)).Count(k => k.Contains(":idem:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Index_members_are_the_ids_random_bytes_and_members_earlier_brokers_wrote_still_list_and_leave()
    {
        var unit = RequestFactory.NewUnit();
        var db = redis.Connection.GetDatabase();
        var (text, compact, scored) = (_requests.New(unit), _requests.New(unit), _requests.New(unit));
        var other = _requests.New(unit) with { Id = unit + ".not a base32 id" };
        // Created a second after its id's millisecond: the score does not say the id's, so the member holds all 16 bytes.
        var late = _requests.New(unit);
        late = late with { CreatedAt = late.CreatedAt.AddSeconds(1) };
        foreach (var request in new[] { text, compact, scored, other, late })
            await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var (pending, mine) = (RedisKeys.Pending(unit), RedisKeys.ByRequester(unit, "officer-1"));
        foreach (var index in new[] { pending, mine })
        {
            var members = (await db.SortedSetRangeByScoreAsync(index).DefaultTimeout()).Select(m => (byte[])m!).ToArray();
            // 2 and the id's 10 random bytes: the score is the millisecond its first 6 hold.
            Assert.Equal([(byte[])[2, .. RequestBytes(unit, text.Id)[6..]], [2, .. RequestBytes(unit, compact.Id)[6..]],
                [2, .. RequestBytes(unit, scored.Id)[6..]], Encoding.UTF8.GetBytes(other.Id), [0, .. RequestBytes(unit, late.Id)]], members);
            // As brokers before wrote them: the id's text, then 0 and its 16 bytes.
            foreach (var (request, member) in new[] { (text, Encoding.UTF8.GetBytes(text.Id)), (compact, [0, .. RequestBytes(unit, compact.Id)]) })
            {
                await db.SortedSetRemoveAsync(index, (byte[])[2, .. RequestBytes(unit, request.Id)[6..]]).DefaultTimeout();
                await db.SortedSetAddAsync(index, member, request.CreatedAt.ToUnixTimeMilliseconds()).DefaultTimeout();
            }
        }

        Assert.Equal([text.Id, compact.Id, scored.Id, other.Id, late.Id],
            (await _store.ListPendingAsync([unit], null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        Assert.Equal([late.Id, other.Id, scored.Id, compact.Id, text.Id],
            (await _store.ListByRequesterAsync(unit, "officer-1", _ => true, null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        // A decision takes the request off the pending index in any form.
        foreach (var request in new[] { text, compact, scored, late })
        {
            var cancelled = _requests.Cancel(request);
            Assert.True(await _store.TryUpdateAsync(cancelled, _requests.Audit(cancelled, AuditKinds.Cancelled), default).DefaultTimeout());
        }
        Assert.Equal([other.Id], (await _store.ListPendingAsync([unit], null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        Assert.Equal(1, await db.SortedSetLengthAsync(pending).DefaultTimeout());
    }

    private static byte[] RequestBytes(string unit, string id)
    {
        var bytes = new byte[16];
        Assert.True(RequestIds.TryGetBytes(unit, id, bytes));
        return bytes;
    }

    /// <summary>An idempotency entry: its expiry and the request it names (the escaped id, where it is not bytes).</summary>
    private static (DateTimeOffset Expiry, string Id) Entry(string unit, RedisValue value)
    {
        var bytes = (byte[])value!;
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds((long)BinaryPrimitives.ReadUInt64BigEndian([0, 0, .. bytes.AsSpan(0, 6)]));
        return (expiry, bytes[6] == 0 ? RequestIds.FromBytes(unit, bytes.AsSpan(7)) : Encoding.UTF8.GetString(bytes.AsSpan(7)));
    }

    private async Task<DateTimeOffset> ExpiryOfAsync(string key) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)await redis.Connection.GetDatabase().ExecuteAsync("PEXPIRETIME", key).DefaultTimeout());

    [Fact]
    public async Task An_activity_set_renews_its_expiry_and_trims_once_per_window_not_on_every_count()
    {
        var unit = RequestFactory.NewUnit();
        var db = redis.Connection.GetDatabase();
        var key = RedisKeys.Activity(unit, redis.Protector.ShortKeyedHash("subjects:officer-1"));
        async Task CountAsync(string member)
        {
            var request = _requests.New(unit);
            var plan = new ActivityPlan([new DistinctCount("subjects:officer-1", member, TimeSpan.FromHours(1))]);
            await _store.SubmitAsync(request, _requests.Audit(request), LimitPlan.None, plan, default).DefaultTimeout();
        }
        async Task<double> MarkerAsync() => (await db.SortedSetScoreAsync(key, "~").DefaultTimeout())!.Value;

        await CountAsync("s1");
        // The first record lets the key live two windows, and says so in its marker (negative: no window counts it).
        var marker = await MarkerAsync();
        var expires = DateTimeOffset.FromUnixTimeMilliseconds((long)-marker);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        Assert.InRange((await db.KeyTimeToLiveAsync(key).DefaultTimeout())!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));

        // A second count within the window is one ZADD: neither the marker nor the TTL moves.
        await db.KeyExpireAsync(key, TimeSpan.FromHours(1.5)).DefaultTimeout();
        await CountAsync("s2");
        Assert.Equal(marker, await MarkerAsync());
        Assert.InRange((await db.KeyTimeToLiveAsync(key).DefaultTimeout())!.Value, TimeSpan.FromHours(1.4), TimeSpan.FromHours(1.5));

        // Once the key would not outlive a new member's window, the next record trims what left it and renews both.
        var old = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
        await db.SortedSetAddAsync(key, "gone", old).DefaultTimeout();
        await db.SortedSetAddAsync(key, "~", -DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeMilliseconds()).DefaultTimeout();
        await CountAsync("s3");
        Assert.Null(await db.SortedSetScoreAsync(key, "gone").DefaultTimeout());
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds((long)-await MarkerAsync()) - DateTimeOffset.UtcNow,
            TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        Assert.InRange((await db.KeyTimeToLiveAsync(key).DefaultTimeout())!.Value, TimeSpan.FromHours(1.9), TimeSpan.FromHours(2));
        Assert.Equal(4, await db.SortedSetLengthAsync(key).DefaultTimeout());
    }

    [Fact]
    public async Task A_request_blob_leaves_out_what_its_reader_derives_and_blobs_of_earlier_brokers_still_read()
    {
        var unit = RequestFactory.NewUnit();
        var uuid = Guid.NewGuid().ToString();
        // Created between two milliseconds, with call records: every derived part has something to derive.
        var request = _requests.New(unit, idempotencyKey: uuid, callRecords: true, after: TimeSpan.FromTicks(12_345_678));
        await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var db = redis.Connection.GetDatabase();
        var key = RedisKeys.Request(unit, request.Id);
        var (value, stored) = await StoredAsync(key, unit, request.Id);

        // Since req11: no fingerprint, no submission, the creation time past the id's millisecond, the deadline after it.
        Assert.Equal(15u, stored.Derived);
        Assert.Equal("", stored.Fingerprint);
        Assert.True(stored.FingerprintSha256.IsEmpty);
        Assert.Empty(stored.History);
        Assert.Equal(request.CreatedAt.UtcTicks % TimeSpan.TicksPerMillisecond, stored.CreatedAt);
        Assert.Equal((request.Deadline - request.CreatedAt).Ticks, stored.Deadline);
        // Since submit9: no id, no unit (the seal binds them), a UUID idempotency key as its 16 bytes.
        Assert.Equal("", stored.Id);
        Assert.Equal("", stored.Unit);
        Assert.Equal(16, stored.IdempotencyUuid.Length);
        RequestAssert.Same(request, await _store.GetAsync(unit, request.Id, default).DefaultTimeout());
        // A broker before would read it without deriving what it leaves out (its deadline in the year 1): for it, it does not open.
        Assert.Throws<AuthenticationTagMismatchException>(() =>
            redis.Protector.Open(value.AsSpan(Array.IndexOf(value, (byte)':') + 1), RequestSerializer.SealBindingBefore(unit, request.Id)));

        // As brokers before wrote the same request: submit9's blob, and before it every field in full. Each reads back
        // the same, replays included.
        var submit9 = stored.Clone();
        submit9.Derived = 0;
        submit9.FingerprintSha256 = ByteString.CopyFrom(Convert.FromHexString(request.Fingerprint));
        submit9.CreatedAt = request.CreatedAt.UtcTicks;
        submit9.Deadline = request.Deadline.UtcTicks;
        submit9.FirstByRequester = true;
        submit9.History.Add(new StoredTransitionRecord { From = (int)RequestState.AwaitingApproval, To = (int)RequestState.AwaitingApproval, Note = "submitted" });
        var full = submit9.Clone();
        (full.Id, full.Unit, full.Fingerprint, full.FingerprintSha256, full.FirstByRequester) = (request.Id, unit, request.Fingerprint, ByteString.Empty, false);
        (full.IdempotencyKey, full.IdempotencyUuid) = (uuid, ByteString.Empty);
        (full.History[0].ActorId, full.History[0].At) = (request.RequesterId, request.CreatedAt.UtcTicks);
        foreach (var before in new[] { submit9, full })
        {
            var sealedBefore = redis.Protector.Seal(before.ToByteArray(), RequestSerializer.SealBindingBefore(unit, request.Id));
            await db.StringSetAsync(key, (byte[])[.. "1:"u8, .. sealedBefore]).DefaultTimeout();
            RequestAssert.Same(request, await _store.GetAsync(unit, request.Id, default).DefaultTimeout());
            var replay = await _store.SubmitAsync(_requests.New(unit, idempotencyKey: uuid, callRecords: true), _requests.Audit(request), default).DefaultTimeout();
            Assert.True(replay.Replayed);
            RequestAssert.Same(request, replay.Request);
        }
        // Sealed as written before, yet leaving parts out: no broker wrote that, and it is refused.
        await db.StringSetAsync(key, (byte[])[.. "1:"u8, .. redis.Protector.Seal(stored.ToByteArray(), RequestSerializer.SealBindingBefore(unit, request.Id))])
            .DefaultTimeout();
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.GetAsync(unit, request.Id, default).DefaultTimeout());
        await db.StringSetAsync(key, value).DefaultTimeout();
        var submit9Length = redis.Protector.Seal(submit9.ToByteArray(), "").Length + 2;
        Assert.True(submit9Length >= value.Length + 50, $"{submit9Length} B in submit9's form, {value.Length} B now");

        // A decided request keeps its transitions after the submission; what does not derive exactly is stored.
        var approved = _requests.Approve(request);
        Assert.True(await _store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout());
        var (_, decided) = await StoredAsync(key, unit, request.Id);
        Assert.Equal(15u, decided.Derived);
        Assert.Single(decided.History);
        RequestAssert.Same(approved, await _store.GetAsync(unit, request.Id, default).DefaultTimeout());
        var odd = _requests.New(unit);
        odd = odd with
        {
            Fingerprint = new string('a', 64),
            CreatedAt = odd.CreatedAt.AddSeconds(5),
            History = [odd.History[0] with { Note = "submitted by hand" }],
        };
        await _store.SubmitAsync(odd, _requests.Audit(odd), default).DefaultTimeout();
        var (_, kept) = await StoredAsync(RedisKeys.Request(unit, odd.Id), unit, odd.Id);
        Assert.Equal(8u, kept.Derived);
        Assert.Equal(32, kept.FingerprintSha256.Length);
        Assert.Equal(odd.CreatedAt.UtcTicks, kept.CreatedAt);
        Assert.Single(kept.History);
        RequestAssert.Same(odd, await _store.GetAsync(unit, odd.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task A_request_is_stored_under_its_ids_16_bytes_and_one_under_its_text_key_still_reads_lists_replays_and_updates()
    {
        var unit = RequestFactory.NewUnit();
        var key = Guid.NewGuid().ToString();
        var (earlier, fresh) = (_requests.New(unit, idempotencyKey: key), _requests.New(unit));
        var other = _requests.New(unit) with { Id = unit + ".not a base32 id" };
        foreach (var request in new[] { earlier, fresh, other })
            await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var db = redis.Connection.GetDatabase();

        Assert.Equal([.. Encoding.UTF8.GetBytes("{u:" + unit + "}:req:"), .. RequestBytes(unit, fresh.Id)], (byte[])RedisKeys.Request(unit, fresh.Id)!);
        Assert.True(await db.KeyExistsAsync(RedisKeys.Request(unit, fresh.Id)).DefaultTimeout());
        Assert.False(await db.KeyExistsAsync(RedisKeys.RequestByText(unit, fresh.Id)).DefaultTimeout());
        // An id of another form keeps its text key.
        Assert.Equal(RedisKeys.RequestByText(unit, other.Id), RedisKeys.Request(unit, other.Id));
        Assert.True(await db.KeyExistsAsync(RedisKeys.RequestByText(unit, other.Id)).DefaultTimeout());

        // Where a broker before stored it: its text key. The seal binds the id, not the key's form: the blob is the same.
        Assert.True(await db.KeyRenameAsync(RedisKeys.Request(unit, earlier.Id), RedisKeys.RequestByText(unit, earlier.Id)).DefaultTimeout());
        RequestAssert.Same(earlier, await _store.GetAsync(unit, earlier.Id, default).DefaultTimeout());
        Assert.Equal([earlier.Id, fresh.Id, other.Id], (await _store.ListPendingAsync([unit], null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        Assert.Equal([other.Id, fresh.Id, earlier.Id],
            (await _store.ListByRequesterAsync(unit, "officer-1", _ => true, null, 10, default).DefaultTimeout()).Requests.Select(r => r.Id));
        var replay = await _store.SubmitAsync(_requests.New(unit, idempotencyKey: key), _requests.Audit(earlier), default).DefaultTimeout();
        Assert.True(replay.Replayed);
        RequestAssert.Same(earlier, replay.Request);

        // A decision updates it where it is.
        var approved = _requests.Approve(earlier);
        Assert.True(await _store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout());
        RequestAssert.Same(approved, await _store.GetAsync(unit, earlier.Id, default).DefaultTimeout());
        Assert.False(await db.KeyExistsAsync(RedisKeys.Request(unit, earlier.Id)).DefaultTimeout());
        // The fetch's read joined to its look at the release budget finds it there too.
        var budget = new LimitPlan([new LimitCharge(new LimitRule("soon", LimitScope.Officer, 5, TimeSpan.FromMinutes(1), 5), "officer-1", false)]);
        RequestAssert.Same(approved, (await _store.GetPreviewingAsync(unit, earlier.Id, budget, default).DefaultTimeout()).Request);
        Assert.False(await _store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout());
        Assert.Null(await _store.GetAsync(unit, unit + "." + new string('0', 26), default).DefaultTimeout());
    }

    /// <summary>A stored request's value and its opened record.</summary>
    private async Task<(byte[] Value, StoredRequestRecord Record)> StoredAsync(RedisKey key, string unit, string id)
    {
        var value = (byte[])(await redis.Connection.GetDatabase().StringGetAsync(key).DefaultTimeout())!;
        var colon = Array.IndexOf(value, (byte)':');
        return (value, StoredRequestRecord.Parser.ParseFrom(redis.Protector.Open(value.AsSpan(colon + 1), RequestSerializer.SealBinding(unit, id))));
    }

    [Fact]
    public async Task The_change_feed_hands_on_a_units_notices_in_the_order_redis_published_them()
    {
        // Watchers and the contract take notices in commit order; the client's handler-style subscription would
        // run these concurrently and hand some on out of order.
        const int Notices = 1000; // within a watcher's buffer, which drops the oldest past 1,024
        var unit = RequestFactory.NewUnit();
        using var feed = new RedisChangeFeed(redis.Connection, new ChangeHub());
        await using var subscription = await feed.SubscribeAsync([unit], default).DefaultTimeout();
        var subscriber = redis.Connection.GetSubscriber();

        using var contention = new CoreContention();
        // Rounds sent back to back on one connection, so Redis publishes each in this order.
        for (var round = 0; round < 10; round++)
        {
            var published = Enumerable.Range(1, Notices)
                .Select(version => subscriber.PublishAsync(RedisKeys.Changes(unit), $"{unit}.R{round}|{version}|{RequestState.AwaitingApproval}"))
                .ToArray();
            await Task.WhenAll(published).DefaultTimeout();

            var heard = new List<long>(Notices);
            while (heard.Count < Notices)
                heard.Add((await subscription.Changes.ReadAsync().AsTask().DefaultTimeout()).Version);
            Assert.Equal(Enumerable.Range(1, Notices).Select(v => (long)v), heard);
        }
    }

    [Fact]
    public async Task A_tampered_or_moved_sealed_request_is_refused()
    {
        var unit = RequestFactory.NewUnit();
        var (one, two) = (_requests.New(unit), _requests.New(unit));
        foreach (var request in new[] { one, two })
            await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var db = redis.Connection.GetDatabase();
        var stored = (byte[])(await db.StringGetAsync(RedisKeys.Request(unit, one.Id)).DefaultTimeout())!;

        // One flipped bit anywhere in the blob, or the whole blob under another request's key, does not open.
        stored[^5] ^= 1;
        await db.StringSetAsync(RedisKeys.Request(unit, one.Id), stored).DefaultTimeout();
        await Assert.ThrowsAsync<AuthenticationTagMismatchException>(() => _store.GetAsync(unit, one.Id, default).DefaultTimeout());
        stored[^5] ^= 1;
        await db.StringSetAsync(RedisKeys.Request(unit, two.Id), stored).DefaultTimeout();
        await Assert.ThrowsAsync<AuthenticationTagMismatchException>(() => _store.GetAsync(unit, two.Id, default).DefaultTimeout());
        // Nor under the key by text that brokers before used for it.
        await db.KeyDeleteAsync(RedisKeys.Request(unit, two.Id)).DefaultTimeout();
        await db.StringSetAsync(RedisKeys.RequestByText(unit, two.Id), stored).DefaultTimeout();
        await Assert.ThrowsAsync<AuthenticationTagMismatchException>(() => _store.GetAsync(unit, two.Id, default).DefaultTimeout());
    }

    [Fact]
    public async Task No_stored_value_reveals_the_subject()
    {
        var unit = RequestFactory.NewUnit();
        var byNid = _requests.New(unit, subject: new Subject(SubjectKind.Nid, RequestFactory.Nid));
        var byMsisdn = _requests.New(unit, callRecords: true, subject: new Subject(SubjectKind.Msisdn, RequestFactory.Msisdn));
        foreach (var request in new[] { byNid, byMsisdn })
            await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var approved = _requests.Approve(byNid);
        Assert.True(await _store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout());

        var stored = await DumpAsync(await StoredKeysOfAsync(unit));

        // The dump holds the requests (under their ids' bytes) and their sealed values.
        Assert.Contains(RedisKeys.RequestPrefix(unit), stored, StringComparison.Ordinal);
        Assert.Contains("\n2:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestFactory.Nid, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(RequestFactory.Msisdn, stored, StringComparison.Ordinal);
        // The fingerprint hashes the subject with fields stored in clear: in clear it could be brute-forced.
        Assert.DoesNotContain(byNid.Fingerprint, stored, StringComparison.Ordinal);
        Assert.Equal(RequestFactory.Nid, (await _store.GetAsync(unit, byNid.Id, default).DefaultTimeout())!.Subject.Value);
    }

    [Fact]
    public async Task A_new_connection_reads_back_everything_the_old_one_wrote()
    {
        var unit = RequestFactory.NewUnit();
        var requests = Enumerable.Range(0, 3).Select(_ => _requests.New(unit)).ToArray();
        foreach (var request in requests)
            await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        var approved = _requests.Approve(requests[0]);
        Assert.True(await _store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout());

        // A broker restart: a new multiplexer, a new store, the same options.
        await using var restarted = await RedisConnectionFactory.ConnectAsync(redis.Options).DefaultTimeout();
        var store = new RedisRequestStore(restarted, redis.Options);

        RequestAssert.Same(approved, await store.GetAsync(unit, approved.Id, default).DefaultTimeout());
        var mine = await store.ListByRequesterAsync(unit, "officer-1", _ => true, null, 10, default).DefaultTimeout();
        Assert.Equal(requests.Select(r => r.Id).Reverse(), mine.Requests.Select(r => r.Id));
        var pending = await store.ListPendingAsync([unit], null, 10, default).DefaultTimeout();
        Assert.Equal([requests[1].Id, requests[2].Id], pending.Requests.Select(r => r.Id));
        Assert.Equal(4, (await store.AuditOfAsync(unit).DefaultTimeout()).Count);
        var replay = await store.SubmitAsync(_requests.New(unit, idempotencyKey: requests[2].IdempotencyKey), _requests.Audit(requests[2]), default)
            .DefaultTimeout();
        Assert.True(replay.Replayed);
        Assert.Equal(requests[2].Id, replay.Request.Id);
    }

    [Fact]
    public async Task With_redis_down_a_call_fails_fast_with_a_redis_exception()
    {
        var server = await RedisServerProcess.StartAsync();
        var options = RedisServerFixture.OptionsFor(server);
        await using var connection = await RedisConnectionFactory.ConnectAsync(options).DefaultTimeout();
        var store = new RedisRequestStore(connection, options);
        var unit = RequestFactory.NewUnit();
        var request = _requests.New(unit);
        await store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();

        await server.DisposeAsync();

        foreach (var call in new Func<Task>[]
                 {
                     () => store.GetAsync(unit, request.Id, default),
                     () => store.SubmitAsync(_requests.New(unit), _requests.Audit(request), default),
                 })
        {
            var clock = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<RedisException>(() => call().DefaultTimeout());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the call took {clock.Elapsed.TotalSeconds:0.0} s to fail");
        }
    }

    [Fact]
    public async Task Watchers_of_a_unit_share_one_redis_subscription_released_by_the_last()
    {
        var unit = RequestFactory.NewUnit();
        using var feed = new RedisChangeFeed(redis.Connection, new ChangeHub());

        var first = await feed.SubscribeAsync([unit], default).DefaultTimeout();
        var second = await feed.SubscribeAsync([unit, unit], default).DefaultTimeout();
        Assert.Equal(1, await SubscribersAsync(unit));

        await first.DisposeAsync().DefaultTimeout();
        Assert.Equal(1, await SubscribersAsync(unit));
        var request = _requests.New(unit);
        await _store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            Assert.Equal(request.Id, (await second.Changes.ReadAsync(timeout.Token)).RequestId);

        await second.DisposeAsync().DefaultTimeout();
        Assert.Equal(0, await SubscribersAsync(unit));
    }

    private async Task<long> SubscribersAsync(string unit)
    {
        var channel = RedisKeys.Changes(unit).ToString();
        var reply = await redis.Connection.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel).DefaultTimeout();
        return (long)((RedisResult[])reply!)[1];
    }

    private async Task<string[]> KeysOfAsync(string unit) => [.. (await StoredKeysOfAsync(unit)).Select(k => k.ToString())];

    /// <summary>The unit's keys as stored (a request's key ends in its id's bytes, which text would not keep).</summary>
    private async Task<RedisKey[]> StoredKeysOfAsync(string unit)
    {
        var server = redis.Connection.GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: "*" + unit + "*"))
            keys.Add(key);
        return [.. keys];
    }

    /// <summary>Every stored byte of the keys, as text: hash fields and values, strings, set members, stream fields.</summary>
    private async Task<string> DumpAsync(IEnumerable<RedisKey> keys)
    {
        var db = redis.Connection.GetDatabase();
        var dump = new StringBuilder();
        foreach (var key in keys)
        {
            dump.AppendLine(key.ToString());
            switch (await db.KeyTypeAsync(key).DefaultTimeout())
            {
                case RedisType.String:
                    dump.AppendLine(await db.StringGetAsync(key).DefaultTimeout());
                    break;
                case RedisType.Hash:
                    foreach (var entry in await db.HashGetAllAsync(key).DefaultTimeout())
                        dump.AppendLine(entry.Name + "=" + entry.Value);
                    break;
                case RedisType.SortedSet:
                    foreach (var member in await db.SortedSetRangeByRankAsync(key).DefaultTimeout())
                        dump.AppendLine(member);
                    break;
                case RedisType.Stream:
                    foreach (var entry in await db.StreamRangeAsync(key).DefaultTimeout())
                        foreach (var field in entry.Values)
                            dump.AppendLine(field.Name + "=" + field.Value);
                    break;
                default:
                    Assert.Fail($"{key} has a type the store does not write.");
                    break;
            }
        }
        return dump.ToString();
    }
}
