using DataBroker.Broker.Hosting;
using DataBroker.Broker.V1;
using DataBroker.Identity;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace DataBroker.Cli.Tests;

/// <summary>
/// `dbroker report build` and `verify` against the real broker (embedded store) in process: the files it writes, a
/// verification that recomputes the report from the chain, a tampered file refused, and the page in headless Chromium.
/// </summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private readonly TokenMinter _tokens = TokenMinter.DevelopmentIdentityProvider(TimeProvider.System);
    private readonly string _folder = Directory.CreateTempSubdirectory("dbroker-report-").FullName;
    private WebApplication _broker = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "DataBroker.Broker" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBrokerService();
        _broker = builder.Build();
        _broker.MapBrokerService();
        await _broker.StartAsync();
        using var channel = GrpcChannel.ForAddress("http://broker", new GrpcChannelOptions { HttpHandler = Handler() });
        var approver = Bearer("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        var requests = new RequestService.RequestServiceClient(channel);
        var approvals = new ApprovalService.ApprovalServiceClient(channel);
        for (var i = 0; i < 7; i++)
        {
            var submit = new SubmitRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString(), CaseReference = "ATU-2026-" + i, LegalBasis = LegalBasis.AntiTerrorismAct,
                Justification = "Seized phone of a suspect names this subject.", Subject = new Subject { Nid = (5167175992L + i).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Urgency = Urgency.Routine,
            };
            submit.Categories.Add(DataBroker.Records.V1.Category.NidDetails);
            // Two officers: one asking for six citizens within the hour would be suspended by the bulk rule.
            var id = (await requests.SubmitAsync(submit, Bearer("atu-officer-" + (i % 2 + 1), Roles.Officer, unit: "ATU"))).Request.RequestId;
            if (i < 6)
                await approvals.DecideAsync(new DecideRequest { RequestId = id, Decision = Decision.Approve, Note = "ok" }, approver);
        }
        await _broker.Services.GetRequiredService<DataBroker.Broker.Domain.Audit.AuditSequencer>().CatchUpAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Build_writes_the_signed_report_csv_and_page_and_verify_recomputes_it_byte_for_byte()
    {
        var (from, to) = ThisMonth();
        var build = await RunAsync("report", "build", "--from", from, "--to", to, "--out", _folder);
        Assert.True(build.ExitCode == 0, build.Error);
        foreach (var name in new[] { "report.json", "report.csv", "report.html", "report-key.pem" })
            Assert.True(File.Exists(Path.Combine(_folder, name)), name);
        var csv = await File.ReadAllTextAsync(Path.Combine(_folder, "report.csv"));
        Assert.Contains("requests_by_unit,POLICE-HQ / ATU,approved,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("atu-officer-1", csv + await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")), StringComparison.Ordinal);

        var verify = await RunAsync("report", "verify", Path.Combine(_folder, "report.json"), "--public-key", Path.Combine(_folder, "report-key.pem"));
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("signature: valid", verify.Out, StringComparison.Ordinal);
        Assert.Contains("recomputed: identical, byte for byte", verify.Out, StringComparison.Ordinal);

        // One number changed in the file: the signature no longer holds.
        var path = Path.Combine(_folder, "report.json");
        var text = await File.ReadAllTextAsync(path);
        var altered = System.Text.RegularExpressions.Regex.Replace(text, "\"cells\":\\[(\\d+)", m => "\"cells\":[" + (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(text, altered);
        await File.WriteAllTextAsync(path, altered);
        var refused = await RunAsync("report", "verify", path, "--public-key", Path.Combine(_folder, "report-key.pem"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("signature: INVALID", refused.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_oversight_staff_may_build_it()
    {
        var (from, to) = ThisMonth();
        var refused = await RunAsync(["report", "build", "--from", from, "--to", to, "--out", _folder], Token("atu-officer-1", Roles.Officer, unit: "ATU"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("PermissionDenied", refused.Error, StringComparison.Ordinal);
        var bad = await RunAsync("report", "build", "--from", "2026-11-15", "--to", "2026-12-01", "--out", _folder);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("from", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_renders_in_headless_Chromium_with_its_charts()
    {
        var (from, to) = ThisMonth();
        Assert.Equal(0, (await RunAsync("report", "build", "--from", from, "--to", to, "--out", _folder)).ExitCode);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false });
        await page.GotoAsync(new Uri(Path.Combine(_folder, "report.html")).AbsoluteUri);
        Assert.Equal("DataBroker transparency report", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("svg").CountAsync() >= 5);
        var bars = await page.Locator("#requests_by_unit svg rect").CountAsync();
        Assert.True(bars > 0, "the requests chart draws no bar");
        Assert.Contains("withheld", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        // With REPORT_SCREENSHOTS set to a folder (docs/report), the picture for docs/transparency.md.
        if (Environment.GetEnvironmentVariable("REPORT_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "report.png"), FullPage = true });
    }

    private static (string From, string To) ThisMonth()
    {
        var now = DateTime.UtcNow;
        var from = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            from.AddMonths(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<CliRun> RunAsync(params string[] args) => RunAsync(args, Token("oversight-auditor-1", Roles.Auditor));

    private Task<CliRun> RunAsync(string[] args, string token) => CliRun.ExecuteAsync([.. args, "--broker", "http://127.0.0.1:1"], Handler(),
        new Dictionary<string, string> { ["DBROKER_TOKEN"] = token });

    private FakeBroker.ResponseVersionHandler Handler() => new FakeBroker.ResponseVersionHandler { InnerHandler = _broker.GetTestServer().CreateHandler() };

    private string Token(string subject, string role, string? unit = null, string? headquarters = null) =>
        _tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), subject, [role], unit, headquarters);

    private Metadata Bearer(string subject, string role, string? unit = null, string? headquarters = null) =>
        new() { { "authorization", "Bearer " + Token(subject, role, unit, headquarters) } };
}
