using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DataBroker.Identity;

/// <summary>Loads ES256 keys from PEM text (PKCS#8 private or SPKI public).</summary>
public static class SigningKeys
{
    public static ECDsaSecurityKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        return new ECDsaSecurityKey(ecdsa) { KeyId = KeyIdOf(ecdsa) };
    }

    /// <summary>A stable key id: the first bytes of the SHA-256 of the public key.</summary>
    private static string KeyIdOf(ECDsa ecdsa)
    {
        var spki = ecdsa.ExportSubjectPublicKeyInfo();
        return Convert.ToHexStringLower(SHA256.HashData(spki).AsSpan(0, 8));
    }
}
