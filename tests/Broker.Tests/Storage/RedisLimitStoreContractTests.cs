namespace DataBroker.Broker.Tests.Storage;

[Collection(RedisCollection.Name)]
public sealed class RedisLimitStoreContractTests(RedisServerFixture redis) : RedisLimitStoreContract(redis);
