using DataBroker.Identity;
using DataBroker.Records.Hosting;
using DataBroker.Records.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DataBroker.Records.Tests;

/// <summary>The records service in process over TestServer, composed exactly as Program.cs composes it.</summary>
public sealed class RecordsServer : IAsyncDisposable
{
    public const ulong Seed = 20240607;
    public const long Citizens = 100_000;

    private readonly WebApplication _app;

    private RecordsServer(WebApplication app, GrpcChannel channel)
    {
        _app = app;
        Channel = channel;
    }

    public GrpcChannel Channel { get; }

    public RecordsService.RecordsServiceClient Client => new(Channel);

    public static async Task<RecordsServer> StartAsync(
        string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = Build(environment, settings);
        try
        {
            await app.StartAsync().DefaultTimeout();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var handler = app.GetTestServer().CreateHandler();
        var channel = GrpcChannel.ForAddress(app.GetTestServer().BaseAddress, new GrpcChannelOptions { HttpHandler = handler });
        return new RecordsServer(app, channel);
    }

    public static Metadata Bearer(string token) => new() { { "Authorization", $"Bearer {token}" } };

    public static string BrokerToken(TimeProvider? time = null, IEnumerable<string>? roles = null) =>
        new TokenMinter(SigningKeys.FromPem(DevelopmentKeys.BrokerServicePrivatePem), Audiences.BrokerServiceIssuer, time ?? TimeProvider.System)
            .Mint(Audiences.Records, TimeSpan.FromMinutes(5), "broker", roles ?? [Roles.BrokerService]);

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private static WebApplication Build(string environment, IReadOnlyDictionary<string, string?>? settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Records:Seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Records:Citizens"] = Citizens.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRecordsService();
        var app = builder.Build();
        app.MapRecordsService();
        return app;
    }
}
