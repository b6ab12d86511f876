using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Hosting;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Storage.Redis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DataBroker.Broker.Tests.Hosting;

/// <summary>The store is chosen once for the whole composition: request path, oversight and audit all follow that one choice.</summary>
public sealed class BrokerStoreTests
{
    [Theory]
    [InlineData(null, typeof(EmbeddedAuditChainStore), typeof(EmbeddedOversightStore))]
    [InlineData("127.0.0.1:1,abortConnect=false", typeof(RedisAuditChainStore), typeof(RedisOversightStore))]
    public void Every_part_registers_the_store_decided_once(string? redis, Type chain, Type journal)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["Broker:Store:Redis"] = redis;
        var decided = BrokerStore.Of(builder);
        // A later change to the raw configuration no longer moves any part onto another store.
        builder.Configuration["Broker:Store:Redis"] = redis is null ? "127.0.0.1:2" : "";

        builder.AddBrokerService();

        Assert.Same(decided, BrokerStore.Of(builder));
        Assert.Equal(redis is not null, decided.IsRedis);
        var services = builder.Services;
        Assert.Single(services, d => d.ServiceType == typeof(BrokerStore));
        Assert.Equal(chain, Assert.Single(services, d => d.ServiceType == typeof(IAuditChainStore)).ImplementationType);
        Assert.Contains(services, d => d.ServiceType == journal);
        Assert.Equal(redis is not null, services.Any(d => d.ServiceType == typeof(RedisRequestStore)));
    }
}
