using System.Globalization;
using System.Net;
using DataBroker.Broker.Hosting;
using DataBroker.Records.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DataBroker.Cli.Dev;

/// <summary>
/// The records service and the broker in this one process, each a real WebApplication on its own loopback port,
/// so a developer needs no deployment to try the whole flow.
/// </summary>
internal static class DevServer
{
    private const int SampleCount = 5;

    public static async Task RunAsync(DevServerSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var records = Build("DataBroker.Records", settings.RecordsPort, new Dictionary<string, string?>
        {
            ["Records:Seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["Records:Citizens"] = settings.Citizens.ToString(CultureInfo.InvariantCulture),
        }, builder => builder.AddRecordsService()).MapRecordsService();

        var broker = Build("DataBroker.Broker", settings.BrokerPort, new Dictionary<string, string?>
        {
            ["Broker:Records:Address"] = settings.RecordsAddress,
            ["Broker:Store:Redis"] = settings.Redis,
            // The one development persona the directory allows on the emergency path.
            ["Broker:Oversight:Emergency:Officers:0"] = "atu-officer-2",
        }, builder => builder.AddBrokerService()).MapBrokerService();

        await using (records)
        await using (broker)
        {
            // The broker calls the records service, so records must be listening first.
            await records.StartAsync(cancellationToken);
            try
            {
                await broker.StartAsync(cancellationToken);
                try
                {
                    WriteBanner(settings, output);
                    await WaitForShutdownAsync(records, broker, cancellationToken);
                    await output.WriteLineAsync("stopping...");
                }
                finally
                {
                    await broker.StopAsync(CancellationToken.None);
                }
            }
            finally
            {
                await records.StopAsync(CancellationToken.None);
            }
        }
    }

    private static WebApplication Build(string applicationName, int port, Dictionary<string, string?> configuration,
        Action<WebApplicationBuilder> addService)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ApplicationName = applicationName,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        // h2c: gRPC without TLS needs HTTP/2 only, there is no ALPN to negotiate it.
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        addService(builder);
        return builder.Build();
    }

    // Ctrl+C reaches us through the command line's token; either host may also stop on its own.
    private static async Task WaitForShutdownAsync(WebApplication records, WebApplication broker, CancellationToken cancellationToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onCancel = cancellationToken.Register(() => stopped.TrySetResult());
        using var onRecordsStop = records.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        using var onBrokerStop = broker.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        await stopped.Task;
    }

    private static void WriteBanner(DevServerSettings settings, TextWriter output)
    {
        output.WriteLine($"broker   {settings.BrokerAddress}  (h2c)");
        output.WriteLine($"records  {settings.RecordsAddress}  (h2c; the broker's only client)");
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
        output.WriteLine("Ctrl+C stops both services.");
    }
}
