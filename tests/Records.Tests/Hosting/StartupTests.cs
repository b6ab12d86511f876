using System.Security.Cryptography;
using DataBroker.Identity;
using DataBroker.Records.V1;
using Microsoft.Extensions.Options;

namespace DataBroker.Records.Tests.Hosting;

public sealed class StartupTests
{
    private const string KeySetting = "Records:Auth:BrokerPublicKeyPem";

    [Fact]
    public async Task Outside_development_a_missing_broker_key_stops_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RecordsServer.StartAsync("Production"));
        Assert.Contains(KeySetting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_the_committed_development_key_stops_the_start()
    {
        var settings = new Dictionary<string, string?> { [KeySetting] = DevelopmentKeys.BrokerServicePublicPem };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RecordsServer.StartAsync("Production", settings));
        Assert.Contains("development key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_citizen_count_out_of_range_stops_the_start()
    {
        var settings = new Dictionary<string, string?> { ["Records:Citizens"] = "0" };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RecordsServer.StartAsync(settings: settings));
        Assert.Contains("Citizens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_the_configured_key_is_the_one_trusted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new Dictionary<string, string?> { [KeySetting] = key.ExportSubjectPublicKeyInfoPem() };
        await using var server = await RecordsServer.StartAsync("Production", settings);
        var minter = new TokenMinter(SigningKeys.FromPem(key.ExportPkcs8PrivateKeyPem()), Audiences.BrokerServiceIssuer, TimeProvider.System);
        var request = new LookupRequest { Nid = "0000000000", Categories = { Category.NidDetails } };

        var trusted = await server.Client.LookupAsync(request,
            RecordsServer.Bearer(minter.Mint(Audiences.Records, TimeSpan.FromMinutes(5), "broker", [Roles.BrokerService]))).ResponseAsync.DefaultTimeout();
        var refused = await Assert.ThrowsAsync<global::Grpc.Core.RpcException>(() =>
            server.Client.LookupAsync(request, RecordsServer.Bearer(RecordsServer.BrokerToken())).ResponseAsync.DefaultTimeout());

        Assert.NotNull(trusted);
        Assert.Equal(global::Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
    }
}
