using DataBroker.Observability;
using OpenTelemetry.Trace;

namespace DataBroker.Broker.Telemetry;

public static class BrokerTelemetryExtensions
{
    public const string ServiceName = "databroker-broker";

    /// <summary>The shared service telemetry, the broker's own meter and, with the Redis store, Redis command spans.</summary>
    public static WebApplicationBuilder AddBrokerTelemetry(this WebApplicationBuilder builder)
    {
        var redis = Hosting.BrokerStore.Of(builder).IsRedis;
        // Redis spans name the command only (no keys, no arguments): keys carry unit, requester and request ids.
        builder.AddServiceTelemetry(ServiceName, tracing =>
        {
            if (redis)
                tracing.AddRedisInstrumentation(o => o.SetVerboseDatabaseStatements = false);
        });
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddHostedService<PendingDepthSampler>();
        return builder;
    }
}
