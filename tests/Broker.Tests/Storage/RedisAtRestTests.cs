using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using StackExchange.Redis;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// A copy of Redis after real flows reveals no citizen and nothing a person typed: every key name and every
/// value of every type (strings, hashes, lists, sets, sorted sets, streams: the audit streams and the chain
/// included) is read back and searched for each text the flows wrote. The chain still verifies.
/// </summary>
public sealed class RedisAtRestTests : IAsyncLifetime
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _secrets = [];
    private string _case = "";
    private RedisServerProcess _redis = null!;
    private SuiteHost _suite = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServerProcess.StartAsync();
        _suite = await SuiteHost.StartAsync(_redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Broker:Store:SubjectKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            // A second subject under one case raises an alert whose text names the case: alerts are searched too.
            ["Broker:Oversight:Insider:SubjectsPerCasePerDay"] = "1",
        });
        _case = Secret("case");
    }

    public async Task DisposeAsync()
    {
        await _suite.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task After_every_kind_of_flow_no_typed_text_or_subject_is_in_redis_in_clear()
    {
        var officer = _suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
        var approver = _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        var admin = _suite.As("police-admin", Roles.Admin, unit: "ATU", headquarters: "POLICE-HQ");

        var fetched = await SubmitAsync(officer, 1);
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest
            { RequestId = fetched, Decision = BrokerProto.Decision.Approve, Note = Secret("approval note") }, approver);
        await _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = fetched }, officer);
        var rejected = await SubmitAsync(officer, 2);
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest
            { RequestId = rejected, Decision = BrokerProto.Decision.Reject, Note = Secret("rejection note") }, approver);
        var cancelled = await SubmitAsync(officer, 3);
        await _suite.Requests.CancelAsync(new BrokerProto.CancelRequest { RequestId = cancelled, Reason = Secret("cancel reason") }, officer);
        await _suite.Limits.SetOverrideAsync(new BrokerProto.SetOverrideRequest
        {
            Unit = "ATU", Rule = "submit-per-officer", Holder = "atu-officer-1", Limit = 1_000_000,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)), Reason = Secret("override reason"),
        }, admin);
        await _suite.Oversight.SuspendAsync(new BrokerProto.SuspendRequest
            { Scope = BrokerProto.SuspensionScope.Officer, Target = "atu-officer-9", Reason = Secret("suspension reason") }, admin);
        await _suite.SequenceAuditAsync();

        var clear = await ClearTextFoundAsync();

        Assert.Empty(clear);
        using (var look = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString).DefaultTimeout())
            Assert.True(await look.GetDatabase().StreamLengthAsync("{o}:alerts") > 0, "no alert was raised, so none was searched");
        var verified = await _suite.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(), _suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ"));
        Assert.True(verified.Intact, verified.ToString());
        Assert.True(verified.EntriesChecked >= 10, $"only {verified.EntriesChecked} entries chained");
    }

    private async Task<string> SubmitAsync(Metadata officer, int citizen)
    {
        var nid = _suite.Population.NidOf(5000 + citizen);
        _secrets.Add(nid);
        var request = Requests.Submit(nid);
        request.CaseReference = _case;
        request.Justification = Secret("justification of the request, written by the officer");
        request.IdempotencyKey = Secret("idem");
        return (await _suite.Requests.SubmitAsync(request, officer)).Request.RequestId;
    }

    private string Secret(string what)
    {
        var text = $"{what} {_run}-{_secrets.Count}";
        _secrets.Add(text);
        return text;
    }

    /// <summary>Every (key, secret) pair where the secret, or its distinctive tail, appears in the key's name or any of its values.</summary>
    private async Task<List<string>> ClearTextFoundAsync()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString).DefaultTimeout();
        var db = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var found = new List<string>();
        var keys = 0;
        await foreach (var key in server.KeysAsync(pattern: "*", pageSize: 500))
        {
            keys++;
            var texts = new List<string> { key.ToString() };
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    texts.Add((await db.StringGetAsync(key)).ToString());
                    break;
                case RedisType.Hash:
                    texts.AddRange((await db.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name.ToString(), e.Value.ToString() }));
                    break;
                case RedisType.List:
                    texts.AddRange((await db.ListRangeAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.Set:
                    texts.AddRange((await db.SetMembersAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.SortedSet:
                    texts.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.Stream:
                    texts.AddRange((await db.StreamRangeAsync(key)).SelectMany(e => e.Values).SelectMany(v => new[] { v.Name.ToString(), v.Value.ToString() }));
                    break;
            }
            foreach (var secret in _secrets)
            {
                // The run marker alone is enough to notice a copy, reformatted or escaped.
                var tail = secret.Contains(_run, StringComparison.Ordinal) ? secret[secret.IndexOf(_run, StringComparison.Ordinal)..] : secret;
                if (texts.Any(t => t.Contains(tail, StringComparison.Ordinal) || t.Contains(RedisKeyEscaped(tail), StringComparison.Ordinal)))
                    found.Add($"{key}: {secret}");
            }
        }
        Assert.True(keys > 20, $"only {keys} keys: the flows did not reach Redis");
        return found;
    }

    private static string RedisKeyEscaped(string text) => DataBroker.Broker.Storage.Redis.RedisKeys.Escape(text);
}
