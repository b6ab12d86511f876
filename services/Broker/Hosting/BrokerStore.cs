using System.Diagnostics.CodeAnalysis;

namespace DataBroker.Broker.Hosting;

/// <summary>
/// Which store the broker runs on (Redis when <c>Broker:Store:Redis</c> is set, else the embedded store), decided
/// once from the <see cref="BrokerOptions"/> section that <see cref="BrokerOptionsValidator"/> checks at start,
/// and handed to every part of the composition that registers store-specific services, so they cannot disagree.
/// </summary>
public sealed class BrokerStore
{
    private BrokerStore(BrokerOptions.StoreOptions options) => Options = options;

    public BrokerOptions.StoreOptions Options { get; }

    /// <summary>The Redis connection string; null or blank with the embedded store.</summary>
    public string? Redis => Options.Redis;

    [MemberNotNullWhen(true, nameof(Redis))]
    public bool IsRedis => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The decision, made at the first ask and registered as a singleton; every later ask gets the same one.</summary>
    public static BrokerStore Of(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(BrokerStore), out var decided))
            return (BrokerStore)decided;
        var store = new BrokerStore(builder.Configuration.GetSection(BrokerOptions.Section).Get<BrokerOptions>()?.Store ?? new());
        builder.Properties[typeof(BrokerStore)] = store;
        builder.Services.AddSingleton(store);
        return store;
    }
}
