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

    public void Dispose() => _protector?.Dispose();

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
