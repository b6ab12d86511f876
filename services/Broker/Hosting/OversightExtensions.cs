using DataBroker.Broker.Api;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Oversight;
using DataBroker.Broker.Records;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Telemetry;
using DataBroker.Records.V1;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

public static class OversightExtensions
{
    /// <summary>
    /// The audit chain and its sequencer, suspensions and the oversight service, on the same store the
    /// request path uses (Redis when Broker:Store:Redis is set, else in memory).
    /// </summary>
    public static WebApplicationBuilder AddOversight(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton(sp => new AuditSeal(AuditOptionsValidator.KeyOrDevelopment(
            sp.GetRequiredService<IOptions<AuditOptions>>().Value.CheckpointKey, "checkpoint-key")));
        services.AddSingleton(sp => new HmacSubjectPseudonymizer(AuditOptionsValidator.KeyOrDevelopment(
            sp.GetRequiredService<IOptions<AuditOptions>>().Value.SubjectKey, "audit-subject-key")));
        services.AddSingleton<ISubjectPseudonymizer>(sp => sp.GetRequiredService<HmacSubjectPseudonymizer>());

        if (!BrokerStore.Of(builder).IsRedis)
        {
            services.AddSingleton<EmbeddedOversightStore>();
            services.AddSingleton<IAuditJournal>(sp => sp.GetRequiredService<EmbeddedOversightStore>());
            services.AddSingleton<ISuspensionRegistry>(sp => sp.GetRequiredService<EmbeddedOversightStore>());
            services.AddSingleton<IAuditChainStore, EmbeddedAuditChainStore>();
            services.AddSingleton<IAuditSource, EmbeddedAuditSource>();
            services.AddSingleton<IReleaseRegistry, EmbeddedReleaseRegistry>();
            services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<EmbeddedOversightStore>());
            services.AddSingleton<IEmergencyReviews, EmbeddedEmergencyReviews>();
            services.AddSingleton<IPatternStateStore, EmbeddedPatternStore>();
        }
        else
        {
            services.AddSingleton<RedisOversightStore>();
            services.AddSingleton<IAuditJournal>(sp => sp.GetRequiredService<RedisOversightStore>());
            services.AddSingleton<ISuspensionRegistry>(sp => sp.GetRequiredService<RedisOversightStore>());
            services.AddSingleton<IAuditChainStore, RedisAuditChainStore>();
            services.AddSingleton<IAuditSource, RedisAuditSource>();
            services.AddSingleton<IReleaseRegistry, RedisReleaseRegistry>();
            services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<RedisOversightStore>());
            services.AddSingleton<IEmergencyReviews, RedisEmergencyReviews>();
            services.AddSingleton<IPatternStateStore, RedisPatternStore>();
        }

        services.AddSingleton<IOversightLog, OversightLog>();
        services.AddSingleton<SealedChains>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value.ToPace());
        services.AddSingleton<AuditSequencer>();
        services.AddHostedService<AuditSequencing>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SubjectAccess>();
        services.AddSingleton<SuspensionCache>();
        services.AddSingleton<Suspensions>();
        services.AddOptions<InsiderOptions>().BindConfiguration(InsiderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InsiderDetector>();
        services.AddSingleton<AlertDesk>();
        // The long-horizon, cross-party rules: fed by the sequencer with each chained batch, off the request path.
        services.AddOptions<PatternOptions>().BindConfiguration(PatternOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new PatternDetector(sp.GetRequiredService<IOptions<PatternOptions>>().Value.ToRules(
            sp.GetRequiredService<InsiderRules>()), sp.GetRequiredService<Domain.Organisation.OrganisationChart>()));
        services.AddSingleton<PatternWatch>();
        services.AddSingleton<IChainedEventsObserver>(sp => sp.GetRequiredService<PatternWatch>());
        services.AddOptions<EmergencyOptions>().BindConfiguration(EmergencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EmergencyOptions>>().Value.ToPolicy());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<InsiderOptions>>().Value.ToRules());
        services.AddSingleton<EmergencyReviews>();
        services.AddSingleton<EmergencyPath>();
        services.AddHostedService<EmergencyReviewWatch>();
        services.AddSingleton<IRequestGate, OversightGate>();
        services.AddSingleton<SuspensionInterceptor>();
        services.AddSingleton<RefusalLog>();
        services.AddHostedService<RefusalFlush>();
        services.AddSingleton<RefusalAuditInterceptor>();
        services.AddSingleton<IReleaseRecorder<LookupResponse>, ReleaseMarker>();
        services.AddSingleton<LeakTracer>();
        services.AddSingleton<OversightOffice>();
        services.AddHostedService<AlertPathWarmup>();
        return builder;
    }

    /// <summary>
    /// Audits calls the authentication layer refuses before any gRPC code runs (a missing, expired or
    /// forged token: HTTP 401/403). Goes before UseAuthentication.
    /// </summary>
    public static WebApplication UseRefusalAudit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                await context.RequestServices.GetRequiredService<RefusalLog>().RecordAsync("anonymous", "",
                    context.Connection.RemoteIpAddress?.ToString() ?? "", context.Request.Path, "Unauthenticated",
                    "no valid bearer token", "", CancellationToken.None);
            }
        });
        return app;
    }
}
