namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The shipped deployments of Redis (compose, Kubernetes, the scale-out script) hold what the README
/// promises: nothing acknowledged is lost (fsync on every write), TLS only, the shipped ACL, and the
/// brokers' connection string (it holds a password) only ever from a secret.
/// </summary>
public sealed class RedisDeploymentTests
{
    private static readonly string Deploy = RepositoryFiles.PathOf("deploy");

    public static TheoryData<string> RedisDeployments() => ["docker-compose.yml", "k8s/redis.yaml", "lib/suite.sh"];

    [Theory]
    [MemberData(nameof(RedisDeployments))]
    public void Every_shipped_redis_serves_tls_only_with_the_acl(string file)
    {
        var text = File.ReadAllText(Path.Combine(Deploy, file));

        Assert.Contains("--tls-port", text, StringComparison.Ordinal);
        Assert.Matches(@"--port""?,?\s*""?0\b", text);
        Assert.Contains("--aclfile", text, StringComparison.Ordinal);
        Assert.Contains("--tls-cert-file", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("docker-compose.yml")]
    [InlineData("k8s/redis.yaml")]
    public void Every_durable_redis_fsyncs_each_write_before_acknowledging_it(string file)
    {
        var text = File.ReadAllText(Path.Combine(Deploy, file));

        Assert.Matches(@"--appendfsync""?,?\s*""?always", text);
        Assert.DoesNotContain("everysec", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_brokers_redis_connection_comes_from_a_secret_and_uses_tls_as_the_acl_user()
    {
        var broker = File.ReadAllText(Path.Combine(Deploy, "k8s", "broker.yaml"));
        var compose = File.ReadAllText(Path.Combine(Deploy, "docker-compose.yml"));

        Assert.Matches(@"name: Broker__Store__Redis\s+valueFrom: \{ secretKeyRef:", broker);
        Assert.Matches(@"Broker__Store__Redis: [^\n]*ssl=true[^\n]*user=broker,password=\$\{REDIS_BROKER_PASSWORD:\?\}", compose);
    }

    [Fact]
    public void The_scale_out_script_runs_its_cluster_secure()
    {
        var script = File.ReadAllText(Path.Combine(Deploy, "scale-out.sh"));

        Assert.Contains("secure_redis_setup", script, StringComparison.Ordinal);
        Assert.Contains("start_secure_redis", script, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s*start_redis ", script);
    }
}
