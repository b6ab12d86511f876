using System.Security.Cryptography;
using DataBroker.Broker.Hosting;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using DataBroker.Records.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Tests.Identity;

/// <summary>
/// Outside Development the committed keys are public knowledge: a broker or records service given one, in
/// any encoding of either half, must refuse to start; a freshly generated key must be accepted.
/// </summary>
public sealed class DevelopmentKeyRefusalTests
{
    private static readonly string[] Forms = ["spki", "spki-comment", "spki-crlf", "sec1", "sec1-comment", "pkcs8", "pkcs8-crlf"];

    public static TheoryData<string, string> DevelopmentKeyForms()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in new[] { "officer-idp", "broker-service" })
        {
            foreach (var form in Forms)
                data.Add(key, form);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(DevelopmentKeyForms))]
    public async Task A_broker_in_production_refuses_a_development_key_in_any_form(string key, string form)
    {
        var pem = Encode(DevelopmentKey(key), form);
        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var asIdp = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBrokerAsync(pem, fresh.ExportPkcs8PrivateKeyPem()));
        var asService = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBrokerAsync(fresh.ExportSubjectPublicKeyInfoPem(), pem));

        Assert.Contains("Broker:Auth:PublicKeyPem is a committed development key", asIdp.Message, StringComparison.Ordinal);
        Assert.Contains("Broker:Records:ServiceKeyPem is a committed development key", asService.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DevelopmentKeyForms))]
    public async Task A_records_service_in_production_refuses_a_development_key_in_any_form(string key, string form)
    {
        var pem = Encode(DevelopmentKey(key), form);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartRecordsAsync(pem));

        Assert.Contains("development key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freshly_generated_keys_start_both_services_in_production()
    {
        using var idp = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var service = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await StartBrokerAsync(idp.ExportSubjectPublicKeyInfoPem(), "# the broker's own key\r\n" + service.ExportECPrivateKeyPem());
        await StartRecordsAsync(service.ExportSubjectPublicKeyInfoPem());
    }

    [Theory]
    [InlineData("subject-key", "Broker:Store:SubjectKey")]
    [InlineData("checkpoint-key", "Broker:Audit:CheckpointKey")]
    [InlineData("audit-subject-key", "Broker:Audit:SubjectKey")]
    public async Task A_broker_in_production_refuses_a_development_secret(string purpose, string setting)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartBrokerWithFreshKeysAsync(new() { [setting] = Convert.ToBase64String(DevelopmentKeys.Secret(purpose)) }));

        Assert.Contains($"{setting} is a", error.Message, StringComparison.Ordinal);
        Assert.Contains("development key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:6379", "must use TLS")]
    [InlineData("127.0.0.1:6379,ssl=true", "must name its ACL user and password")]
    [InlineData("127.0.0.1:6379,ssl=true,password=secret", "must name its ACL user and password")]
    [InlineData("127.0.0.1:6379,user=broker,password=secret", "must use TLS")]
    public async Task A_broker_in_production_refuses_a_redis_reached_without_tls_or_as_nobody(string connection, string reason)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBrokerWithFreshKeysAsync(new()
        {
            ["Broker:Store:Redis"] = connection,
            ["Broker:Store:SubjectKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }));

        Assert.Contains("Broker:Store:Redis " + reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkcs8")]
    [InlineData("sec1-comment")]
    [InlineData("spki")]
    public async Task A_broker_in_production_refuses_the_development_transparency_key(string form)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(DevelopmentKeys.TransparencyPrivatePem);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartBrokerWithFreshKeysAsync(new() { ["Broker:Transparency:SigningKeyPem"] = Encode(key, form) }));
        Assert.Contains("Broker:Transparency:SigningKeyPem is a committed development key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_refuses_a_transparency_key_that_cannot_sign_or_none_in_production()
    {
        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicOnly = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartBrokerWithFreshKeysAsync(new() { ["Broker:Transparency:SigningKeyPem"] = fresh.ExportSubjectPublicKeyInfoPem() }));
        Assert.Contains("Broker:Transparency:SigningKeyPem must be an EC P-256 private key", publicOnly.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            StartBrokerWithFreshKeysAsync(new() { ["Broker:Transparency:SigningKeyPem"] = null }));
        Assert.Contains("Broker:Transparency:SigningKeyPem is required outside Development", missing.Message, StringComparison.Ordinal);
    }

    private static string FreshPrivatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    private static ECDsa DevelopmentKey(string name)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(name == "officer-idp" ? DevelopmentKeys.OfficerIdpPrivatePem : DevelopmentKeys.BrokerServicePrivatePem);
        return key;
    }

    private static string Encode(ECDsa key, string form)
    {
        using (key)
        {
            return form switch
            {
                "spki" => key.ExportSubjectPublicKeyInfoPem(),
                "spki-comment" => "# committed for development\n" + key.ExportSubjectPublicKeyInfoPem(),
                "spki-crlf" => key.ExportSubjectPublicKeyInfoPem().ReplaceLineEndings("\r\n"),
                "sec1" => key.ExportECPrivateKeyPem(),
                "sec1-comment" => "Key for the broker\n" + key.ExportECPrivateKeyPem() + "\n",
                "pkcs8" => key.ExportPkcs8PrivateKeyPem(),
                "pkcs8-crlf" => key.ExportPkcs8PrivateKeyPem().ReplaceLineEndings("\r\n"),
                _ => throw new ArgumentOutOfRangeException(nameof(form)),
            };
        }
    }

    private static async Task StartBrokerWithFreshKeysAsync(Dictionary<string, string?> extra)
    {
        using var idp = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var service = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await StartBrokerAsync(idp.ExportSubjectPublicKeyInfoPem(), service.ExportPkcs8PrivateKeyPem(), extra);
    }

    /// <summary>A production broker on the embedded store with every other key real; throws what start-up validation throws.</summary>
    private static async Task StartBrokerAsync(string idpPem, string servicePem, Dictionary<string, string?>? extra = null)
    {
        var builder = ProductionBuilder("DataBroker.Broker");
        var settings = new Dictionary<string, string?>
        {
            ["Broker:Auth:PublicKeyPem"] = idpPem,
            ["Broker:Records:ServiceKeyPem"] = servicePem,
            ["Broker:Audit:CheckpointKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Broker:Audit:SubjectKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Broker:Transparency:SigningKeyPem"] = FreshPrivatePem(),
        };
        // The store key is checked only with Redis; the address is never dialled in these tests.
        if (extra?.ContainsKey("Broker:Store:SubjectKey") == true)
            settings["Broker:Store:Redis"] = "127.0.0.1:1,abortConnect=false";
        foreach (var (name, value) in extra ?? [])
            settings[name] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBrokerService();
        await using var app = builder.Build();
        app.MapBrokerService();
        await app.StartAsync().DefaultTimeout();
        await app.StopAsync().DefaultTimeout();
    }

    private static async Task StartRecordsAsync(string brokerPublicKeyPem)
    {
        var builder = ProductionBuilder("DataBroker.Records");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Records:Auth:BrokerPublicKeyPem"] = brokerPublicKeyPem });
        builder.AddRecordsService();
        await using var app = builder.Build();
        app.MapRecordsService();
        await app.StartAsync().DefaultTimeout();
        await app.StopAsync().DefaultTimeout();
    }

    private static WebApplicationBuilder ProductionBuilder(string applicationName)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = applicationName });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        return builder;
    }
}
