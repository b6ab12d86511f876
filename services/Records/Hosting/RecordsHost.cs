using DataBroker.GrpcEdge;
using DataBroker.Observability;
using DataBroker.Records.Grpc;
using DataBroker.Records.Lookup;
using DataBroker.Records.Synthetic;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataBroker.Records.Hosting;

/// <summary>The records service's composition: what Program.cs, the CLI's dev server and the tests all call.</summary>
public static class RecordsHost
{
    public static WebApplicationBuilder AddRecordsService(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RecordsOptions>().BindConfiguration(RecordsOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RecordsOptions>>().Value;
            return new SyntheticPopulation(options.Seed, options.Citizens);
        });
        services.AddSingleton<RecordsLookup>();

        builder.AddRecordsAuthentication();
        builder.AddServiceTelemetry("databroker-records");
        services.AddGrpc();
        // Lookup requests are a subject, a few categories and two timestamps.
        services.AddGrpcEdge(new MessageBounds { MaxMessageBytes = 4 * 1024 });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("records", () => HealthCheckResult.Healthy());
        return builder;
    }

    public static WebApplication MapRecordsService(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapServiceTelemetry();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<RecordsGrpcService>().RequireAuthorization(RecordsAuthentication.BrokerServicePolicy);
        // Operators' probes and tools must reach these without the broker's credential.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RecordsLog.StartupCategory);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var auth = app.Services.GetRequiredService<IOptions<RecordsAuthOptions>>().Value;
            if (app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(auth.BrokerPublicKeyPem))
                RecordsLog.DevelopmentBrokerKey(logger);
            RecordsLog.Ready(logger, app.Services.GetRequiredService<SyntheticPopulation>().CitizenCount);
        });
        return app;
    }
}
