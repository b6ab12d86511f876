using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Grpc.AspNetCore.Server;

namespace DataBroker.Observability;

public static class TelemetryExtensions
{
    /// <summary>Every meter of the suite: the services' own and those other features add (limits, oversight).</summary>
    public const string SuiteMeters = "DataBroker.*";

    /// <summary>
    /// Metrics and traces for a service: ASP.NET Core and Kestrel meters, every <c>DataBroker.*</c> meter,
    /// calls by gRPC method and status, server spans, outgoing HTTP/gRPC spans; Prometheus scrapes them and,
    /// when OTEL_EXPORTER_OTLP_ENDPOINT is set, traces and metrics go there too. Call it before AddGrpc, so
    /// the call interceptor is the outermost and sees the status a client finally gets.
    /// </summary>
    public static WebApplicationBuilder AddServiceTelemetry(this WebApplicationBuilder builder, string serviceName,
        Action<TracerProviderBuilder>? tracing = null)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RpcMetrics>();
        services.AddSingleton<CallTelemetryInterceptor>();
        services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<CallTelemetryInterceptor>());

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var sampleRatio = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>()?.TraceSampleRatio ?? 1.0;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter(SuiteMeters, "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                    .AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter();
            })
            .WithTracing(traces =>
            {
                traces.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(sampleRatio)))
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Probes and scrapes would drown the traces that matter.
                        o.Filter = context => !IsProbe(context.Request.Path);
                        // The default spans carry no query string or headers; keep it that way.
                        o.RecordException = false;
                    })
                    .AddSource(SuiteMeters, "System.Net.Http");
                tracing?.Invoke(traces);
                if (otlp)
                    traces.AddOtlpExporter();
            });
        _ = telemetry;
        return builder;
    }

    /// <summary>
    /// The Prometheus scrape, anonymous, answered only over HTTP/1.x: the gRPC endpoint is HTTP/2-only, so
    /// only the separate "Metrics" Kestrel endpoint (Protocols Http1) can reach it. Call before authentication.
    /// </summary>
    public static WebApplication MapServiceTelemetry(this WebApplication app)
    {
        var path = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPath;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == path && !HttpProtocol.IsHttp2(context.Request.Protocol) && !HttpProtocol.IsHttp3(context.Request.Protocol));
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/grpc.health.v1.Health") || path.StartsWithSegments("/grpc.reflection")
        || path.StartsWithSegments("/metrics");
}
