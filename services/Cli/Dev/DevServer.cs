using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DataBroker.Broker.Hosting;
using DataBroker.DevIdentityProvider.Hosting;
using DataBroker.Records.Hosting;
using DataBroker.WebConsole.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DataBroker.Cli.Dev;

/// <summary>
/// The records service, the broker, the development OpenID Connect provider and the web console in this one process,
/// each a real WebApplication on its own loopback port,
/// so a developer needs no deployment to try the whole flow.
/// </summary>
internal static class DevServer
{
    private const int SampleCount = 5;

    public static async Task RunAsync(DevServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var records = Build("DataBroker.Records", settings.RecordsPort, HttpProtocols.Http2, new Dictionary<string, string?>
        {
            ["Records:Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["Records:Citizens"] = settings.Citizens.ToString(CultureInfo.InvariantCulture),
        }, builder => builder.AddRecordsService()).MapRecordsService();

        // The development OpenID Connect provider signs with the same development key as `dbroker token`,
        // under its own URL as issuer, which the broker is told to accept as well.
        var identityProvider = Build("DataBroker.DevIdentityProvider", settings.IdentityProviderPort, HttpProtocols.Http1AndHttp2, new Dictionary<string, string?>
        {
            ["IdentityProvider:Issuer"] = settings.IdentityProviderIssuer,
        }, builder => builder.AddDevIdentityProvider()).MapDevIdentityProvider();

        var broker = Build("DataBroker.Broker", settings.BrokerPort, HttpProtocols.Http2, new Dictionary<string, string?>
        {
            ["Broker:Records:Address"] = settings.RecordsAddress,
            ["Broker:Store:Redis"] = settings.Redis,
            ["Broker:Auth:AdditionalIssuers:0"] = settings.IdentityProviderIssuer,
            ["Broker:JsonApi:Url"] = settings.JsonAddress,
            // The one development persona the directory allows on the emergency path.
            ["Broker:Oversight:Emergency:Officers:0"] = "atu-officer-2",
        }, builder => builder.AddBrokerService()).MapBrokerService();

        var console = Build("DataBroker.WebConsole", settings.ConsolePort, HttpProtocols.Http1AndHttp2, new Dictionary<string, string?>
        {
            ["Console:BrokerAddress"] = settings.BrokerAddress,
            ["Console:Authority"] = settings.IdentityProviderIssuer,
            ["Console:RequireHttpsMetadata"] = "false",
        }, builder => builder.AddWebConsole(), LoopbackCertificate.Create(TimeProvider.System)).MapWebConsole();

        // In dependency order: the broker calls records, the console calls the provider and the broker.
        WebApplication[] hosts = [records, identityProvider, broker, console];
        var started = new List<WebApplication>();
        try
        {
            foreach (var host in hosts)
            {
                await host.StartAsync(cancellationToken);
                started.Add(host);
            }
            WriteBanner(settings, output);
            await WaitForShutdownAsync(hosts, cancellationToken);
            await output.WriteLineAsync("stopping...");
        }
        finally
        {
            for (var i = started.Count - 1; i >= 0; i--)
                await started[i].StopAsync(CancellationToken.None);
            foreach (var host in hosts)
                await host.DisposeAsync();
        }
    }

    private static WebApplication Build(string applicationName, int port, HttpProtocols protocols, Dictionary<string, string?> configuration,
        Action<WebApplicationBuilder> addService, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = applicationName,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        // h2c: gRPC without TLS needs HTTP/2 only, there is no ALPN to negotiate it. The console speaks HTTPS.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = protocols;
                if (certificate is not null)
                    listen.UseHttps(certificate);
            }));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddFilter("OpenIddict", LogLevel.Warning);
        addService(builder);
        return builder.Build();
    }

    // Ctrl+C reaches us through the command line's token; either host may also stop on its own.
    private static async Task WaitForShutdownAsync(IEnumerable<WebApplication> hosts, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onCancel = cancellationToken.Register(() => stopped.TrySetResult());
        var onStops = hosts.Select(h => h.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult())).ToList();
        try
        {
            await stopped.Task;
        }
        finally
        {
            foreach (var registration in onStops)
                await registration.DisposeAsync();
        }
    }

    private static void WriteBanner(DevServerSettings settings, TextWriter output)
    {
        output.WriteLine($"broker   {settings.BrokerAddress}  (h2c)");
        output.WriteLine($"json     {settings.JsonAddress}  (HTTP/JSON requests and approvals; OpenAPI at /openapi/v1.json)");
        output.WriteLine($"records  {settings.RecordsAddress}  (h2c; the broker's only client)");
        output.WriteLine($"console  {settings.ConsoleAddress}  (web console; self-signed certificate for 127.0.0.1)");
        output.WriteLine($"idp      {settings.IdentityProviderIssuer}  (development OpenID Connect provider: pick a persona)");
        output.WriteLine($"store    {(settings.Redis.Length == 0 ? "embedded in-memory (lost on exit)" : "redis " + settings.Redis)}");
        output.WriteLine($"citizens {settings.Citizens} synthetic, seed {settings.Seed}");

        var samples = DevSampleSubjects.Take(settings.Seed, settings.Citizens, SampleCount);
        if (samples.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("sample subjects:");
            var table = new Output.TextTable("NID", "PRIMARY MSISDN");
            foreach (var sample in samples)
                table.AddRow(sample.Nid, sample.PrimaryMsisdn);
            table.WriteTo(output);
        }

        var nid = samples.Count > 0 ? samples[0].Nid : "NID";
        output.WriteLine();
        output.WriteLine("try:");
        output.WriteLine($"  export DBROKER_ADDRESS={settings.BrokerAddress}");
        output.WriteLine("  export DBROKER_TOKEN=$(dbroker token atu-officer-1)    # dbroker token --list for the others");
        output.WriteLine($"  dbroker submit --nid {nid} --category nid,sim --case ATU-2024-001 --basis anti-terrorism --justification \"...\"");
        output.WriteLine("  DBROKER_TOKEN=$(dbroker token phq-approver-1) dbroker pending");
        output.WriteLine();
        output.WriteLine($"  or open {settings.ConsoleAddress} and sign in as atu-officer-1, then as phq-approver-1 in another browser profile");
        output.WriteLine();
        output.WriteLine("Ctrl+C stops all four.");
    }
}
