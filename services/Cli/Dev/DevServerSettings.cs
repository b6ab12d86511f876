namespace DataBroker.Cli.Dev;

/// <summary>What `dbroker dev` was asked to run. An empty <paramref name="Redis"/> means the broker's embedded store.</summary>
internal sealed record DevServerSettings(int BrokerPort, int RecordsPort, string Redis, int Citizens, int Seed,
    int IdentityProviderPort = 5102, int ConsolePort = 5103, int JsonPort = 5104)
{
    /// <summary>The provider's URL, which is also the issuer of its tokens (with the trailing slash OpenID Connect keeps).</summary>
    public string IdentityProviderIssuer => $"http://127.0.0.1:{IdentityProviderPort}/";

    public string ConsoleAddress => $"https://127.0.0.1:{ConsolePort}";

    /// <summary>The broker's HTTP/JSON API (gRPC JSON transcoding), over HTTP/1.1.</summary>
    public string JsonAddress => $"http://127.0.0.1:{JsonPort}";

    public string BrokerAddress => $"http://127.0.0.1:{BrokerPort}";

    public string RecordsAddress => $"http://127.0.0.1:{RecordsPort}";
}
