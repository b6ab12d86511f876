namespace DataBroker.Cli.Dev;

/// <summary>What `dbroker dev` was asked to run. An empty <paramref name="Redis"/> means the broker's embedded store.</summary>
internal sealed record DevServerSettings(int BrokerPort, int RecordsPort, string Redis, int Citizens, int Seed)
{
    public string BrokerAddress => $"http://127.0.0.1:{BrokerPort}";

    public string RecordsAddress => $"http://127.0.0.1:{RecordsPort}";
}
