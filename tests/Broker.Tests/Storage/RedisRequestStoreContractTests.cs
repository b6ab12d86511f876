namespace DataBroker.Broker.Tests.Storage;

[Collection(RedisCollection.Name)]
public sealed class RedisRequestStoreContractTests(RedisServerFixture redis) : RedisRequestStoreContract(redis);
