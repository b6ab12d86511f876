using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using StackExchange.Redis;
using BrokerProto = DataBroker.Broker.V1;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The shipped Redis deployment, on loopback: TLS with a throwaway CA, and the ACL rendered from
/// deploy/redis by the shipped script. A broker connected as the <c>broker</c> user over TLS runs whole
/// flows (submit, approve, fetch, suspension, audit chain) with no command refused, and that user cannot
/// run a command outside the ACL nor touch a key outside its own.
/// </summary>
public sealed class RedisTlsAclTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dbr-tls-").FullName;
    private readonly string _brokerPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _adminPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private RedisServerProcess _redis = null!;
    private int _tlsPort;

    private string CaPath => Path.Combine(_directory, "ca.crt");

    private string BrokerConnection => $"127.0.0.1:{_tlsPort},ssl=true,sslHost=localhost,user=broker,password={_brokerPassword}";

    public async Task InitializeAsync()
    {
        WriteCertificates();
        var acl = Path.Combine(_directory, "users.acl");
        await RenderAclAsync(acl);
        // A test-only administrator, to read the ACL log; the shipped file has none.
        await File.AppendAllTextAsync(acl, $"user admin on >{_adminPassword} ~* &* +@all\n");
        _tlsPort = RedisServerProcess.FreePort();
        _redis = await RedisServerProcess.StartAsync(RedisServerProcess.FreePort,
        [
            "--tls-port", _tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tls-cert-file", Path.Combine(_directory, "redis.crt"), "--tls-key-file", Path.Combine(_directory, "redis.key"),
            "--tls-ca-cert-file", CaPath, "--tls-auth-clients", "no", "--aclfile", acl,
        ], _directory);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_broker_over_tls_as_the_acl_user_runs_every_flow_and_nothing_it_sends_is_refused()
    {
        try
        {
            await RunFlowsAsync();
        }
        catch (RpcException e)
        {
            // Name what the ACL refused, not only that a call failed.
            throw new InvalidOperationException($"{e.Status}; ACL log: {string.Join("; ", await AclLogAsync())}", e);
        }

        var refused = await AclLogAsync();
        Assert.True(refused.Count == 0, "refused by the ACL: " + string.Join("; ", refused));
    }

    private async Task RunFlowsAsync()
    {
        await using (var suite = await SuiteHost.StartAsync(BrokerConnection, new Dictionary<string, string?>
        {
            ["Broker:Store:SubjectKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Broker:Store:RedisCaPath"] = CaPath,
        }))
        {
            var officer = suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
            var submitted = (await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(42)), officer).ResponseAsync.DefaultTimeout()).Request;
            await suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve },
                suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ")).ResponseAsync.DefaultTimeout();
            var fetched = await suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = submitted.RequestId }, officer).ResponseAsync.DefaultTimeout();
            var admin = suite.As("police-admin", Roles.Admin, unit: "ATU", headquarters: "POLICE-HQ");
            await suite.Oversight.SuspendAsync(new BrokerProto.SuspendRequest
                { Scope = BrokerProto.SuspensionScope.Officer, Target = "atu-officer-9", Reason = "under review" }, admin).ResponseAsync.DefaultTimeout();
            await suite.Requests.ListMineAsync(new BrokerProto.ListMineRequest(), officer).ResponseAsync.DefaultTimeout();
            await suite.Approvals.ListPendingAsync(new BrokerProto.ListPendingRequest(), suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ"))
                .ResponseAsync.DefaultTimeout();
            await suite.SequenceAuditAsync();
            var verified = await suite.Oversight.VerifyAuditAsync(new BrokerProto.VerifyAuditRequest(),
                suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ")).ResponseAsync.DefaultTimeout();

            Assert.True(fetched.SubjectFound);
            Assert.True(verified.Intact);
            Assert.True(verified.EntriesChecked >= 4);
        }
    }

    [Fact]
    public async Task The_acl_user_cannot_run_a_command_or_touch_a_key_outside_the_acl()
    {
        var options = ConfigurationOptions.Parse(BrokerConnection);
        options.TrustIssuer(CaPath);
        // So that the client library sends FLUSHALL and CONFIG at all: the server is what must refuse them.
        options.AllowAdmin = true;
        options.ConnectTimeout = 15_000;
        await using var broker = await ConnectionMultiplexer.ConnectAsync(options).DefaultTimeout();
        var db = broker.GetDatabase();

        await db.PingAsync().DefaultTimeout();
        var flush = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("FLUSHALL").DefaultTimeout());
        var config = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("CONFIG", "GET", "*").DefaultTimeout());
        var foreign = await Assert.ThrowsAsync<RedisServerException>(() => db.StringGetAsync("somebody-else:key").DefaultTimeout());

        Assert.StartsWith("NOPERM", flush.Message, StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", config.Message, StringComparison.Ordinal);
        Assert.StartsWith("NOPERM", foreign.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_tls_or_without_the_password_nobody_gets_in()
    {
        var plain = ConfigurationOptions.Parse($"127.0.0.1:{_tlsPort},user=broker,password={_brokerPassword},connectTimeout=1000,abortConnect=true");
        var wrong = ConfigurationOptions.Parse($"127.0.0.1:{_tlsPort},ssl=true,sslHost=localhost,user=broker,password=wrong,connectTimeout=2000,abortConnect=true");
        wrong.TrustIssuer(CaPath);

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(plain).DefaultTimeout());
        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(wrong).DefaultTimeout());
    }

    /// <summary>The entries of ACL LOG (commands, keys or channels refused), read as the test-only administrator.</summary>
    private async Task<IReadOnlyList<string>> AclLogAsync()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{_tlsPort},ssl=true,sslHost=localhost,user=admin,password={_adminPassword},connectTimeout=15000");
        options.TrustIssuer(CaPath);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options).DefaultTimeout();
        var log = (RedisResult[])(await admin.GetDatabase().ExecuteAsync("ACL", "LOG").DefaultTimeout())!;
        return [.. log.Select(entry => string.Join(' ', ((RedisResult[])entry!).Select(r => r.ToString())))];
    }

    /// <summary>Runs the shipped render script on the shipped template, as the deployments do.</summary>
    private async Task RenderAclAsync(string output)
    {
        var redisFolder = RepositoryFiles.PathOf("deploy", "redis");
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(redisFolder, "render-acl.sh"), Path.Combine(redisFolder, "users.acl.template"), output })
            start.ArgumentList.Add(argument);
        start.Environment["REDIS_BROKER_PASSWORD"] = _brokerPassword;
        start.Environment["REDIS_PROBE_PASSWORD"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        using var render = Process.Start(start)!;
        var error = await render.StandardError.ReadToEndAsync();
        await render.WaitForExitAsync().DefaultTimeout();
        Assert.True(render.ExitCode == 0, "render-acl.sh failed: " + error);
    }

    /// <summary>A throwaway CA and a server certificate for localhost / 127.0.0.1 it signed, as PEM files.</summary>
    private void WriteCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=databroker test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(CaPath, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "redis.crt"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "redis.key"), serverKey.ExportPkcs8PrivateKeyPem());
    }
}
