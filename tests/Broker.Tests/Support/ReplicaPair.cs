using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Support;

/// <summary>
/// Two broker replicas (each a full suite) on one real redis-server of their own, for behaviour that must
/// hold across replicas. Oversight state (suspensions, counters) is global, so the shared server is left alone.
/// </summary>
public sealed class ReplicaPair : IAsyncDisposable
{
    private RedisServerProcess _redis = null!;

    public SuiteHost A { get; private set; } = null!;

    public SuiteHost B { get; private set; } = null!;

    public static async Task<ReplicaPair> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = Convert.ToBase64String(new byte[32]) };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var pair = new ReplicaPair { _redis = await RedisServerProcess.StartAsync() };
        pair.A = await SuiteHost.StartAsync(pair._redis.ConnectionString, all);
        pair.B = await SuiteHost.StartAsync(pair._redis.ConnectionString, all);
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
