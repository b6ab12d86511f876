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
public sealed class RedisAuditChainStoreContractTests : AuditChainStoreContract, IAsyncLifetime
{
    private RedisServerProcess _server = null!;
    private ConnectionMultiplexer _connection = null!;
    private ChainRig _rig = null!;

    protected override IRequestStore RequestStore => new RedisRequestStore(_connection, RedisServerFixture.OptionsFor(_server));

    protected override IAuditJournal Journal => new RedisOversightStore(_connection);

    protected override ChainRig Rig => _rig;

    protected override ChainRig SecondReplica() => new(new RedisAuditChainStore(_connection), new RedisAuditSource(_connection));

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartAsync();
        _connection = await RedisConnectionFactory.ConnectAsync(RedisServerFixture.OptionsFor(_server)).DefaultTimeout();
        _rig = SecondReplica();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
