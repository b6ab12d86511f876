using DataBroker.Broker.Api;
using DataBroker.Broker.Limits;
using DataBroker.Broker.Telemetry;
using DataBroker.GrpcEdge;
using DataBroker.Observability;
using Microsoft.AspNetCore.Builder;

namespace DataBroker.Broker.Hosting;

/// <summary>The broker's composition: what Program.cs, the CLI's dev server and the tests all call.</summary>
public static class BrokerHost
{
    public static WebApplicationBuilder AddBrokerService(this WebApplicationBuilder builder)
    {
        builder.AddBrokerOptions();
        builder.AddBrokerJsonEndpoint();
        builder.AddBrokerAuthentication();
        builder.AddRequestPath();
        builder.AddBrokerLimits();
        builder.AddOversight();
        builder.AddTransparencyReports();
        // Before AddGrpc: its call interceptor must be the outermost, to see the status a client gets.
        builder.AddBrokerTelemetry();
        builder.Services.AddSingleton<StoreOutageLog>();
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<RefusalAuditInterceptor>();
            o.Interceptors.Add<ErrorMappingInterceptor>();
            o.Interceptors.Add<SuspensionInterceptor>();
            o.EnableDetailedErrors = false;
        }).AddJsonTranscoding();
        builder.Services.AddBrokerJsonApi();
        builder.Services.AddGrpcEdge(BrokerMessageBounds.Create());
        // Two answers: "" (readiness, every check: on Redis it follows the store's connection) and "liveness" (the
        // process only): a Redis outage takes replicas out of the balancer, but must not have them all restarted.
        builder.Services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", _ => true);
            o.Services.Map(HealthServices.Liveness, c => !c.Tags.Contains(HealthServices.ReadinessTag));
        }).AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        builder.Services.AddGrpcReflection();
        return builder;
    }

    public static WebApplication MapBrokerService(this WebApplication app)
    {
        app.MapServiceTelemetry();
        app.UseJsonBodyBound();
        app.UseRefusalAudit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<RequestGrpcService>();
        app.MapGrpcService<ApprovalGrpcService>();
        app.MapGrpcService<PolicyGrpcService>();
        app.MapGrpcService<LimitsAdminGrpcService>();
        app.MapGrpcService<OversightGrpcService>();
        // Probes and tooling (ghz, grpcurl, buf curl) reach these without a token; they reveal no data.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapBrokerJsonApiDocument();
        return app;
    }
}
