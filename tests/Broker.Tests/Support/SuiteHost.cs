using DataBroker.Broker.Hosting;
using DataBroker.Identity;
using DataBroker.Records.Hosting;
using DataBroker.Records.Synthetic;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Support;

/// <summary>
/// The real records service and the real broker, each on its own in-process TestServer, talking
/// real gRPC with real credentials. Restart the broker alone to prove what the store keeps.
/// </summary>
public sealed class SuiteHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _brokerSettings;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication? _broker;
    private WebApplication? _records;
    private GrpcChannel? _brokerChannel;

    private SuiteHost(Dictionary<string, string?> brokerSettings, Action<WebApplicationBuilder>? configure)
    {
        _brokerSettings = brokerSettings;
        _configure = configure;
    }

    public TokenMinter Tokens { get; } = TokenMinter.DevelopmentIdentityProvider(TimeProvider.System);

    public GrpcChannel BrokerChannel => _brokerChannel ?? throw new InvalidOperationException("Not started.");

    public GrpcChannel RecordsChannel { get; private set; } = null!;

    public IServiceProvider BrokerServices => _broker!.Services;

    public IServiceProvider RecordsServices => _records!.Services;

    /// <summary>The broker's host, e.g. for plain HTTP requests through its TestServer.</summary>
    public WebApplication BrokerApp => _broker ?? throw new InvalidOperationException("Not started.");

    /// <summary>The records service's synthetic citizens, to pick real subjects from.</summary>
    public SyntheticPopulation Population => _records!.Services.GetRequiredService<SyntheticPopulation>();

    /// <summary>The long-horizon patterns' severe thresholds out of reach, for tests whose callers act faster than any person.</summary>
    public static IReadOnlyDictionary<string, string?> QuietPatterns { get; } = new Dictionary<string, string?>
    {
        ["Broker:Oversight:Insider:Patterns:CitizensSevere"] = "100000",
        ["Broker:Oversight:Insider:Patterns:QuickApprovalsSevere"] = "1000",
        ["Broker:Oversight:Insider:Patterns:ThirdPartiesPerDay"] = "10000000",
        ["Broker:Oversight:Insider:Patterns:ThirdPartiesPerWeek"] = "10000000",
        ["Broker:Oversight:Insider:Patterns:EmergenciesSevere"] = "1000",
    };

    /// <summary>
    /// Starts the suite; a null or empty Redis connection string selects the embedded store.
    /// <paramref name="configure"/> runs on both services' builders (ApplicationName tells which) after their composition.
    /// </summary>
    /// <param name="awaitStore">Whether to wait for the store before taking traffic, as a readiness probe would; off only
    /// for a test of what a broker does while its store is not there yet.</param>
    public static async Task<SuiteHost> StartAsync(string? redis = null, IDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null, bool awaitStore = true)
    {
        var brokerSettings = new Dictionary<string, string?>(UnreachedLimits)
        {
            ["Broker:Store:Redis"] = redis ?? "",
            // The suite's officers are not insiders: only the tests about the bulk rule set its threshold.
            ["Broker:Oversight:Insider:SubjectsPerHour"] = "10000",
        };
        // Nor are its approvers colluders, though they approve in milliseconds: the long-horizon patterns still run
        // and warn, but suspend nobody unless a test about them says so.
        foreach (var (key, value) in QuietPatterns)
            brokerSettings[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            brokerSettings[key] = value;
        var host = new SuiteHost(brokerSettings, configure);
        await host.StartRecordsAsync();
        await host.StartBrokerAsync(awaitStore);
        return host;
    }

    /// <summary>Stops the broker and starts a fresh one on the same configuration: nothing in process survives.</summary>
    public async Task RestartBrokerAsync()
    {
        _brokerChannel?.Dispose();
        await _broker!.DisposeAsync();
        await StartBrokerAsync();
    }

    /// <summary>A token for a caller; an approver's <paramref name="rank"/> is what the approval policy counts.</summary>
    public Metadata As(string subject, string role, string? unit = null, string? headquarters = null, string? rank = null) =>
        Bearer(Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), subject, [role], unit, headquarters, rank));

    /// <summary>A supervising approver of <paramref name="headquarters"/>.</summary>
    public Metadata Supervisor(string subject, string headquarters) =>
        As(subject, Roles.Approver, headquarters: headquarters, rank: ApproverRanks.Supervisor);

    /// <summary>A legal approver of <paramref name="headquarters"/>.</summary>
    public Metadata LegalApprover(string subject, string headquarters) =>
        As(subject, Roles.Approver, headquarters: headquarters, rank: ApproverRanks.Legal);

    /// <summary>
    /// Every limit rule stays in force, with limits no test reaches: one Redis serves a whole test run, so
    /// the counters of a shared persona (atu-officer-1) would otherwise carry from one test class into the
    /// next. Tests of limits set their own values, which override these.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> UnreachedLimits { get; } = global::DataBroker.Broker.Domain.Limits.LimitDefaults.Rules
        .SelectMany(rule => rule.IsWindow
            ? new[] { KeyValuePair.Create($"Broker:Limits:Rules:{rule.Name}:Limit", (string?)"1000000") }
            : [KeyValuePair.Create($"Broker:Limits:Rules:{rule.Name}:Limit", (string?)"1000000"),
                KeyValuePair.Create($"Broker:Limits:Rules:{rule.Name}:Burst", (string?)"1000000")])
        .ToDictionary(StringComparer.Ordinal);

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public BrokerProto.RequestService.RequestServiceClient Requests => new(BrokerChannel);

    public BrokerProto.ApprovalService.ApprovalServiceClient Approvals => new(BrokerChannel);

    public BrokerProto.LimitsAdminService.LimitsAdminServiceClient Limits => new(BrokerChannel);

    public BrokerProto.OversightService.OversightServiceClient Oversight => new(BrokerChannel);

    public BrokerProto.PolicyService.PolicyServiceClient Policy => new(BrokerChannel);

    /// <summary>Folds what is in the audit streams into the chain now, rather than at the sequencer's next tick.</summary>
    public Task<int> SequenceAuditAsync() =>
        BrokerServices.GetRequiredService<DataBroker.Broker.Domain.Audit.AuditSequencer>().CatchUpAsync(default).DefaultTimeout();

    /// <summary>
    /// Folds the audit streams and reads until <paramref name="chained"/> holds (at most 10 s), then returns the last
    /// read. Another test's broker on the same Redis may hold the sequencer's lease, so one fold of our own may chain nothing.
    /// </summary>
    public async Task<T> ReadChainedAsync<T>(Func<Task<T>> read, Func<T, bool> chained)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await SequenceAuditAsync();
            var result = await read();
            if (chained(result) || DateTime.UtcNow > deadline)
                return result;
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _brokerChannel?.Dispose();
        RecordsChannel?.Dispose();
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_records is not null)
            await _records.DisposeAsync();
    }

    private async Task StartRecordsAsync()
    {
        var builder = CreateBuilder("DataBroker.Records");
        builder.AddRecordsService();
        _configure?.Invoke(builder);
        _records = builder.Build();
        _records.MapRecordsService();
        await _records.StartAsync().DefaultTimeout();
        RecordsChannel = GrpcChannel.ForAddress("http://records", new GrpcChannelOptions { HttpHandler = _records.GetTestServer().CreateHandler() });
    }

    private async Task StartBrokerAsync(bool awaitStore = true)
    {
        var builder = CreateBuilder("DataBroker.Broker");
        builder.Configuration.AddInMemoryCollection(_brokerSettings);
        builder.AddBrokerService();
        // The broker reaches the in-process records server through its TestServer handler.
        builder.Services.AddSingleton(new RecordsProto.RecordsService.RecordsServiceClient(RecordsChannel));
        _configure?.Invoke(builder);
        _broker = builder.Build();
        _broker.MapBrokerService();
        await _broker.StartAsync().DefaultTimeout();
        _brokerChannel = GrpcChannel.ForAddress("http://broker", new GrpcChannelOptions { HttpHandler = _broker.GetTestServer().CreateHandler() });
        // As a readiness probe does: a replica takes traffic once its health service says SERVING, which on Redis
        // means its store is connected. Before that it answers UNAVAILABLE "nothing was changed" (correct, but not
        // what the test is about): a first Submit of a Redis suite was refused so once in CI, by the suspension
        // check that runs before the request is even read.
        if (awaitStore)
        {
            var health = new Health.HealthClient(_brokerChannel);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await health.CheckAsync(new HealthCheckRequest())).Status != HealthCheckResponse.Types.ServingStatus.Serving
                   && DateTime.UtcNow < deadline)
                await Task.Delay(50);
        }
    }

    private static WebApplicationBuilder CreateBuilder(string applicationName)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = applicationName,
        });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }
}
