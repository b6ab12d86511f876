using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// Encrypts what identifies a citizen before it reaches Redis (AES-256-GCM, a random 96-bit nonce per
/// value), authenticated with the request id and the field, so a copy of Redis reveals no citizen and a
/// value cannot be moved to another request or field unnoticed.
/// </summary>
public sealed class SubjectProtector : IDisposable
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // One cipher per thread: an AesGcm is not safe to share between threads, and creating one per value
    // (a fresh OpenSSL context and key schedule) was a visible share of the Submit profile.
    private readonly ThreadLocal<AesGcm> _cipher;
    private int _disposed;

    public SubjectProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"The subject key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        var copy = key.ToArray();
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(copy, TagSize), trackAllValues: true);
    }

    /// <summary>Idempotent: the store that owns it may be released under each of its service types.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        foreach (var cipher in _cipher.Values)
            cipher.Dispose();
        _cipher.Dispose();
    }

    /// <summary>base64(nonce | ciphertext | tag).</summary>
    public string Protect(string value, string requestId, string field)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _cipher.Value!.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize, plain.Length), sealedValue.AsSpan(NonceSize + plain.Length),
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
        _cipher.Value!.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plain.Length),
            sealedValue.AsSpan(NonceSize + plain.Length), plain, AssociatedData(requestId, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string requestId, string field) => Encoding.UTF8.GetBytes(field + "\n" + requestId);
}
