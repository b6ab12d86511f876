namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>The state key of each kind of party. Officer and approver ids never hold '>' or '\n' in practice; the separators keep kinds apart anyway.</summary>
public static class PartyKeys
{
    public static string Officer(string id) => "o\n" + id;

    public static string Approver(string id) => "a\n" + id;

    public static string Pair(string approver, string requester) => "p\n" + approver + "\n" + requester;

    public static string Unit(string unit) => "u\n" + unit;

    public static string Headquarters(string hq) => "h\n" + hq;
}
