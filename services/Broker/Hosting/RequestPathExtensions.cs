using DataBroker.Broker.Api;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Limits;
using DataBroker.Broker.Records;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Telemetry;
using DataBroker.Identity;
using LookupResponse = DataBroker.Records.V1.LookupResponse;
using RecordsService = DataBroker.Records.V1.RecordsService;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

public static class RequestPathExtensions
{
    /// <summary>The workflow, its store (Redis when configured, else embedded) and the records client.</summary>
    public static WebApplicationBuilder AddRequestPath(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => Organisation(sp.GetRequiredService<IOptions<BrokerOptions>>().Value));
        services.AddSingleton(sp => Rules(sp.GetRequiredService<IOptions<BrokerOptions>>().Value,
            sp.GetRequiredService<IOptions<Oversight.EmergencyOptions>>().Value));
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<RequestWorkflow>();

        var decided = BrokerStore.Of(builder);
        var store = decided.Options;
        if (!decided.IsRedis)
        {
            services.AddSingleton<ChangeHub>();
            services.AddSingleton<EmbeddedRequestStore>();
            services.AddSingleton<IRequestStore>(sp => sp.GetRequiredService<EmbeddedRequestStore>());
            services.AddSingleton<IRequestChangeFeed>(sp => sp.GetRequiredService<ChangeHub>());
            services.AddSingleton<ILimitAdminStore>(sp => sp.GetRequiredService<EmbeddedRequestStore>());
            services.AddSingleton<IShadowModes>(sp => sp.GetRequiredService<EmbeddedRequestStore>());
        }
        else
        {
            services.AddRedisRequestStore(new RedisStoreOptions
            {
                ConnectionString = decided.Redis,
                // The validator refuses a missing key outside Development.
                SubjectKey = string.IsNullOrWhiteSpace(store.SubjectKey) ? DevelopmentSubjectKey : store.SubjectKey,
                TrustedCaPath = store.RedisCaPath ?? "",
            });
            // Readiness follows the store's connection (the gRPC health service runs this on every Check); liveness does not.
            services.AddHealthChecks().AddCheck<RedisStoreHealthCheck>("store", tags: [HealthServices.ReadinessTag]);
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BrokerOptions>>().Value.Records;
            var minter = new TokenMinter(SigningKeys.FromPem(options.ServiceKeyPem ?? DevelopmentKeys.BrokerServicePrivatePem),
                Audiences.BrokerServiceIssuer, sp.GetRequiredService<TimeProvider>());
            return new ServiceTokenSource(minter, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BrokerOptions>>().Value.Records;
            return new RecordsService.RecordsServiceClient(RecordsChannelFactory.Create(options.Replicas));
        });
        // Behind a bulkhead: never more than Broker:Limits:RecordsMaxInFlight calls in flight to the records
        // service; a shed call never reaches the metered reader, so it counts as shed, not as a records call.
        services.AddSingleton<IRecordsReader<LookupResponse>>(sp => new RecordsBulkhead<LookupResponse>(
            new MeteredRecordsReader<LookupResponse>(new GrpcRecordsReader(
                sp.GetRequiredService<RecordsService.RecordsServiceClient>(),
                sp.GetRequiredService<ServiceTokenSource>(),
                sp.GetRequiredService<IOptions<BrokerOptions>>().Value.Records.CallTimeout,
                sp.GetRequiredService<ILogger<GrpcRecordsReader>>()), sp.GetRequiredService<BrokerMetrics>()),
            sp.GetRequiredService<IOptions<LimitsOptions>>().Value.RecordsMaxInFlight,
            sp.GetRequiredService<LimitMetrics>()));
        return builder;
    }

    /// <summary>A fixed, public key so a development Redis keeps working across restarts; never used outside Development.</summary>
    private static string DevelopmentSubjectKey => Convert.ToBase64String(DevelopmentKeys.Secret("subject-key"));

    private static OrganisationChart Organisation(BrokerOptions options) => options.Organisation.Count == 0
        ? OrganisationChart.Default
        : new OrganisationChart(options.Organisation.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value));

    /// <summary>The request rules: the pending TTL and the approval policy from the broker's section, the emergency auto-grant delay from oversight's.</summary>
    private static RequestRules Rules(BrokerOptions options, Oversight.EmergencyOptions emergency)
    {
        var failures = new List<string>();
        var policy = options.Policy.Build(failures);
        // The options validator has refused these at start already; this is the fail-closed backstop.
        if (failures.Count > 0)
            throw new InvalidOperationException(string.Join(" ", failures));
        return new RequestRules
        {
            PendingTtl = options.Rules.PendingTtl,
            Policy = policy,
            EmergencyAutoGrantAfter = emergency.AutoGrantAfter,
        };
    }
}
