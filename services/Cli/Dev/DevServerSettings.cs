namespace DataBroker.Cli.Dev;

/// <summary>What `dbroker dev` was asked to run. An empty <paramref name="Redis"/> means the broker's embedded store.</summary>
internal sealed record DevServerSettings(int BrokerPort, int RecordsPort, string Redis, int Citizens, int Seed,
    int IdentityProviderPort = 5102, int ConsolePort = 5103)
{
    /// <summary>The provider's URL, which is also the issuer of its tokens (with the trailing slash OpenID Connect keeps).</summary>
    public string IdentityProviderIssuer => $"http://127.0.0.1:{IdentityProviderPort}/";

    public string ConsoleAddress => $"https://127.0.0.1:{ConsolePort}";

    public string BrokerAddress => $"http://127.0.0.1:{BrokerPort}";

    public string RecordsAddress => $"http://127.0.0.1:{RecordsPort}";
}
