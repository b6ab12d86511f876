using System.Globalization;
using System.Net;
using DataBroker.Broker.Hosting;
using DataBroker.DevIdentityProvider.Hosting;
using DataBroker.Records.Hosting;
using DataBroker.Records.Synthetic;
using DataBroker.WebConsole.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace DataBroker.Console.Tests.Support;

/// <summary>
/// The whole suite on loopback Kestrel ports chosen by the system: records, the broker (embedded store), the
/// development OpenID Connect provider and the console over HTTPS, plus one Debian Chromium driven by Playwright.
/// </summary>
public class ConsoleSuite : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly List<WebApplication> _apps = [];
    private IPlaywright? _playwright;

    public string ConsoleAddress { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public SyntheticPopulation Population { get; private set; } = null!;

    /// <summary>Settings a derived fixture gives the console on top of the suite's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ConsoleSettings { get; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var records = await StartAsync("DataBroker.Records", HttpProtocols.Http2, null, new()
        {
            ["Records:Seed"] = "7",
            ["Records:Citizens"] = "100000",
        }, b => b.AddRecordsService(), a => a.MapRecordsService());
        Population = records.Services.GetRequiredService<SyntheticPopulation>();

        var idp = await StartAsync("DataBroker.DevIdentityProvider", HttpProtocols.Http1AndHttp2, null, [],
            b => b.AddDevIdentityProvider(), a => a.MapDevIdentityProvider());
        var authority = Address(idp) + "/";

        var broker = await StartAsync("DataBroker.Broker", HttpProtocols.Http2, null, new()
        {
            ["Broker:Records:Address"] = Address(records),
            ["Broker:Store:Redis"] = "",
            ["Broker:Auth:AdditionalIssuers:0"] = authority,
            ["Broker:Oversight:Insider:SubjectsPerHour"] = "10000",
            ["Broker:Oversight:Insider:Patterns:QuickApprovalsSevere"] = "1000",
            // The one development persona the directory allows on the emergency path, as in `dbroker dev`.
            ["Broker:Oversight:Emergency:Officers:0"] = "atu-officer-2",
        }, b => b.AddBrokerService(), a => a.MapBrokerService());

        var consoleSettings = new Dictionary<string, string?>
        {
            ["Console:BrokerAddress"] = Address(broker),
            ["Console:Authority"] = authority,
            ["Console:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in ConsoleSettings)
            consoleSettings[key] = value;
        var console = await StartAsync("DataBroker.WebConsole", HttpProtocols.Http1AndHttp2, LoopbackCertificate.Create(TimeProvider.System), consoleSettings,
            b => b.AddWebConsole(), a => a.MapWebConsole());
        ConsoleAddress = Address(console);

        // A live update crosses the broker, a stream, the console and the page: on a loaded 2-core machine that has
        // taken longer than Playwright's default 5 s, and a wait that long proves nothing more than one of 15 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser context: one person, their own cookies.</summary>
    public Task<IBrowserContext> NewPersonAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, BaseURL = ConsoleAddress });

    /// <summary>Opens <paramref name="path"/>, which sends the person through the provider's sign-in, and picks the persona.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext person, string persona, string path = "/")
    {
        var page = await person.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator($"button[name=persona][value='{persona}']").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(ConsoleAddress, StringComparison.Ordinal));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        for (var i = _apps.Count - 1; i >= 0; i--)
            await _apps[i].DisposeAsync();
    }

    private static string Address(WebApplication app) => app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);

    private async Task<WebApplication> StartAsync(string name, HttpProtocols protocols, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate,
        Dictionary<string, string?> settings, Action<WebApplicationBuilder> add, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = name, Args = [] });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (certificate is not null)
                listen.UseHttps(certificate);
        }));
        builder.Logging.ClearProviders();
        add(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        _apps.Add(app);
        return app;
    }

    public string SampleNid(int index) => Population.NidOf(index).ToString(CultureInfo.InvariantCulture);
}
