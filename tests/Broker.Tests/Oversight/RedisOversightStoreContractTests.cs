using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Oversight;

[Collection(RedisCollection.Name)]
public sealed class RedisOversightStoreContractTests(RedisServerFixture redis) : RedisOversightStoreContract(redis);
