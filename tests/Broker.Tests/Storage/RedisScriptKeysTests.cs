using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// Every key a script touches travels in KEYS, as Redis Cluster requires to route and check a script: read off the
/// commands as the server received them (MONITOR), not off our own code.
/// </summary>
public sealed partial class RedisScriptKeysTests : IAsyncLifetime
{
    private readonly RequestFactory _requests = new();
    private RedisServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_activity_counts_of_a_submit_and_a_decision_are_declared_keys_never_arguments()
    {
        var options = RedisServerFixture.OptionsFor(_server);
        await using var connection = await RedisConnectionFactory.ConnectAsync(options).DefaultTimeout();
        await RedisScripts.LoadAsync(connection, default).DefaultTimeout(); // as the broker does on start: one EVALSHA per call
        using var store = new RedisRequestStore(connection, options);
        using var monitor = new TcpClient();
        await monitor.ConnectAsync("127.0.0.1", _server.Port).DefaultTimeout();
        var stream = monitor.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Assert.Equal("+OK", await reader.ReadLineAsync().DefaultTimeout());

        var unit = RequestFactory.NewUnit();
        var request = _requests.New(unit);
        await store.SubmitAsync(request, _requests.Audit(request), LimitPlan.None, new ActivityPlan([
            new DistinctCount("subjects:officer-1", "s1", TimeSpan.FromHours(1), 5), new DistinctCount("offhours:officer-1", "k", TimeSpan.FromHours(1))]),
            default).DefaultTimeout();
        var approved = _requests.Approve(request);
        Assert.True(await store.TryUpdateAsync(approved, _requests.Audit(approved, AuditKinds.Approved), LimitPlan.None,
            new ActivityPlan([new DistinctCount("approver:approver-1:pair:officer-1", request.Id, TimeSpan.FromDays(1))]), default).DefaultTimeout());

        var activity = "{u:" + unit + "}:act:";
        var declared = new List<string>();
        for (var scripts = 0; scripts < 2;)
        {
            var line = await reader.ReadLineAsync().DefaultTimeout() ?? throw new InvalidOperationException("MONITOR ended");
            var words = Quoted().Matches(line).Select(m => m.Groups[1].Value).ToArray();
            if (words.Length < 3 || words[0].ToUpperInvariant() is not ("EVAL" or "EVALSHA"))
                continue;
            scripts++;
            var keyCount = int.Parse(words[2], CultureInfo.InvariantCulture);
            Assert.DoesNotContain(words.Skip(3 + keyCount), w => w.StartsWith(activity, StringComparison.Ordinal));
            declared.AddRange(words.Skip(3).Take(keyCount).Where(w => w.StartsWith(activity, StringComparison.Ordinal)));
        }
        // Two counts of the submit and one of the decision, each declared where it was touched.
        Assert.Equal(3, declared.Count);
    }

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Quoted();
}
