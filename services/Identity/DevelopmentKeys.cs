namespace DataBroker.Identity;

/// <summary>
/// Key pairs committed to the repository for local development and tests. They are public
/// knowledge, so the services accept them only in the Development environment.
/// </summary>
public static class DevelopmentKeys
{
    public static string OfficerIdpPrivatePem => Read("officer-idp.pem");
    public static string OfficerIdpPublicPem => Read("officer-idp.pub.pem");
    public static string BrokerServicePrivatePem => Read("broker-service.pem");
    public static string BrokerServicePublicPem => Read("broker-service.pub.pem");

    /// <summary>True when <paramref name="pem"/> is one of the committed development keys.</summary>
    public static bool IsDevelopmentKey(string pem)
    {
        var normalized = Normalize(pem);
        return normalized == Normalize(OfficerIdpPublicPem) || normalized == Normalize(BrokerServicePublicPem)
            || normalized == Normalize(OfficerIdpPrivatePem) || normalized == Normalize(BrokerServicePrivatePem);
    }

    private static string Normalize(string pem) => string.Concat(pem.Where(c => !char.IsWhiteSpace(c)));

    private static string Read(string name)
    {
        using var stream = typeof(DevelopmentKeys).Assembly.GetManifestResourceStream("dev-keys/" + name)
            ?? throw new InvalidOperationException($"Development key {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
