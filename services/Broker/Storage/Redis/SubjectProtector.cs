using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Encrypts what identifies a citizen before it reaches Redis (AES-256-GCM, a random 96-bit nonce per
/// value), authenticated with the request id and the field, so a copy of Redis reveals no citizen and a
/// value cannot be moved to another request or field unnoticed.
/// </summary>
public sealed class SubjectProtector
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public SubjectProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"The subject key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>base64(nonce | ciphertext | tag).</summary>
    public string Protect(string value, string requestId, string field)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize, plain.Length), sealedValue.AsSpan(NonceSize + plain.Length),
            AssociatedData(requestId, field));
        return Convert.ToBase64String(sealedValue);
    }

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong key or a value altered or moved.</summary>
    public string Unprotect(string protectedValue, string requestId, string field)
    {
        var sealedValue = Convert.FromBase64String(protectedValue);
        if (sealedValue.Length < NonceSize + TagSize)
            throw new CryptographicException($"The stored {field} of request {requestId} is not a protected value.");
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plain.Length),
            sealedValue.AsSpan(NonceSize + plain.Length), plain, AssociatedData(requestId, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string requestId, string field) => Encoding.UTF8.GetBytes(field + "\n" + requestId);
}
