using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Identity;

/// <summary>
/// Key pairs committed to the repository for local development and tests, and the secrets derived from
/// public strings for the same purpose. They are public knowledge, so the services accept them only in
/// the Development environment.
/// </summary>
public static class DevelopmentKeys
{
    /// <summary>The purposes of the symmetric development secrets (<see cref="Secret"/>).</summary>
    public static IReadOnlyList<string> SecretPurposes { get; } = ["subject-key", "checkpoint-key", "audit-subject-key"];

    public static string OfficerIdpPrivatePem => Read("officer-idp.pem");
    public static string OfficerIdpPublicPem => Read("officer-idp.pub.pem");
    public static string BrokerServicePrivatePem => Read("broker-service.pem");
    public static string BrokerServicePublicPem => Read("broker-service.pub.pem");
    public static string TransparencyPrivatePem => Read("transparency.pem");
    public static string TransparencyPublicPem => Read("transparency.pub.pem");

    // The committed keys' public points: a private key carries its public point, so one comparison
    // covers every encoding of either half (SPKI, SEC1, PKCS#8, any wrapping, comments or line ends).
    private static readonly Lazy<(byte[] X, byte[] Y)[]> PublicPoints = new(() =>
        [.. new[] { OfficerIdpPublicPem, BrokerServicePublicPem, TransparencyPublicPem }.Select(pem => PublicPointOf(pem)!.Value)]);

    /// <summary>
    /// True when <paramref name="pem"/> holds one of the committed development keys, in whatever form:
    /// compared by the imported key's public point, never by its text. Text that holds no readable EC key
    /// is not a development key (the caller refuses it as unreadable).
    /// </summary>
    public static bool IsDevelopmentKey(string pem)
    {
        var point = PublicPointOf(pem);
        return point is { } p && PublicPoints.Value.Any(d => d.X.AsSpan().SequenceEqual(p.X) && d.Y.AsSpan().SequenceEqual(p.Y));
    }

    /// <summary>A 32-byte development secret: derived from a public string, so never a secret outside Development.</summary>
    public static byte[] Secret(string purpose) => SHA256.HashData(Encoding.UTF8.GetBytes("databroker-development-" + purpose));

    /// <summary>True when <paramref name="key"/> is one of the development secrets (<see cref="SecretPurposes"/>).</summary>
    public static bool IsDevelopmentSecret(ReadOnlySpan<byte> key)
    {
        foreach (var purpose in SecretPurposes)
        {
            if (CryptographicOperations.FixedTimeEquals(key, Secret(purpose)))
                return true;
        }
        return false;
    }

    private static (byte[] X, byte[] Y)? PublicPointOf(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
            return null;
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            var q = key.ExportParameters(includePrivateParameters: false).Q;
            return q is { X: { } x, Y: { } y } ? (x, y) : null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    private static string Read(string name)
    {
        using var stream = typeof(DevelopmentKeys).Assembly.GetManifestResourceStream("dev-keys/" + name)
            ?? throw new InvalidOperationException($"Development key {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
