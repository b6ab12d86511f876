namespace DataBroker.Identity;

/// <summary>Issuers and audiences of the two credentials. An officer's token is for the broker only.</summary>
public static class Audiences
{
    public const string Broker = "databroker-broker";
    public const string Records = "databroker-records";

    public const string DevelopmentIdentityProvider = "databroker-dev-idp";
    public const string BrokerServiceIssuer = "databroker-broker";
}
