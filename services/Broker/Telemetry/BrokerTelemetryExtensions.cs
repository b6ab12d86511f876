using DataBroker.Observability;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace DataBroker.Broker.Telemetry;

public static class BrokerTelemetryExtensions
{
    public const string ServiceName = "databroker-broker";

    /// <summary>The shared service telemetry, the broker's own meter and, with the Redis store, Redis command spans.</summary>
    public static WebApplicationBuilder AddBrokerTelemetry(this WebApplicationBuilder builder)
    {
        var redis = Hosting.BrokerStore.Of(builder).IsRedis;
        // Redis spans name the command only (no keys, no arguments): keys carry unit, requester and request ids. They
        // are made only for calls whose trace is kept (RedisCommandSpans); the processor comes before any exporter's,
        // so a call's Redis spans are handed on before the call's own span.
        builder.AddServiceTelemetry(ServiceName, tracing =>
        {
            if (redis)
            {
                tracing.AddProcessor(services =>
                {
                    var spans = new RedisCommandSpans();
                    services.GetRequiredService<IConnectionMultiplexer>().RegisterProfiler(spans.SessionOfCurrentSpan);
                    return spans;
                });
            }
        });
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddHostedService<PendingDepthSampler>();
        return builder;
    }
}
