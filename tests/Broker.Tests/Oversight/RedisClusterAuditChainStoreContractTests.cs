using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// The chain contract on the three-master Redis Cluster: ATU's and RAB-6's chains and oversight's on their own
/// masters, the checkpoints on theirs. The contract names fixed units and the checkpoint keys are global, so every
/// master is emptied before each test.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterAuditChainStoreContractTests(RedisClusterFixture cluster) : AuditChainStoreContract, IAsyncLifetime
{
    private ChainRig? _rig;

    protected override IRequestStore RequestStore => new RedisRequestStore(cluster.Connection, cluster.Options, cluster.Protector);

    protected override IAuditJournal Journal => new RedisOversightStore(cluster.Connection, cluster.Protector);

    protected override ChainRig Rig => _rig ??= SecondReplica();

    protected override ChainRig SecondReplica() =>
        new(new RedisAuditChainStore(cluster.Connection, cluster.Protector), new RedisAuditSource(cluster.Connection, cluster.Protector));

    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
