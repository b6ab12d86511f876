using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The one protector of everything sensitive the broker keeps in Redis: subject identifiers and all free
/// text a person typed (justifications, case references, notes, reasons, alert texts, the audit details and
/// the chain's entries). AES-256-GCM with a random 96-bit nonce per value, authenticated with its owner and
/// field, so a copy of Redis reveals no citizen and no case, and a value cannot be moved unnoticed. What is
/// indexed by such a value (a key name, a set member) uses <see cref="KeyedHash"/> instead, never the text.
/// </summary>
public sealed class AtRestProtector : IDisposable
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // One cipher per thread: an AesGcm is not safe to share between threads, and creating one per value
    // (a fresh OpenSSL context and key schedule) was a visible share of the Submit profile.
    private readonly ThreadLocal<AesGcm> _cipher;
    private readonly KeyedHmac _index;
    private int _disposed;

    public AtRestProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
            throw new ArgumentException($"The subject key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        var copy = key.ToArray();
        _cipher = new ThreadLocal<AesGcm>(() => new AesGcm(copy, TagSize), trackAllValues: true);
        // A key of its own for index names, derived so one configured secret serves both purposes.
        _index = new KeyedHmac(HKDF.DeriveKey(HashAlgorithmName.SHA256, copy, KeySize, info: "databroker-at-rest-index"u8.ToArray()));
    }

    /// <summary>HMAC-SHA256 of <paramref name="value"/> (hex): a stable, unguessable stand-in for text in a key name or set member.</summary>
    public string KeyedHash(string value) => _index.Hex(value);

    /// <summary>
    /// The first 128 bits of the same HMAC, base64: for names and members that are stored once per request (the
    /// idempotency field, activity counters), where 64 hex characters would be most of the bytes. 128 bits keep
    /// collisions out of reach for any number of requests Redis can hold.
    /// </summary>
    public string ShortKeyedHash(string value) => ShortKeyedHashText(ShortKeyedHashBytes(value));

    /// <summary>The text form of <see cref="ShortKeyedHashBytes"/>: unpadded base64, as <see cref="ShortKeyedHash"/> gives it.</summary>
    public static string ShortKeyedHashText(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>The same 128 bits as bytes, where a name may hold any byte (a hash field).</summary>
    public byte[] ShortKeyedHashBytes(string value)
    {
        Span<byte> mac = stackalloc byte[KeyedHmac.Size];
        _index.Compute(value, mac);
        return mac[..16].ToArray();
    }

    /// <summary>nonce | ciphertext | tag of <paramref name="plain"/>, bound to <paramref name="boundTo"/> (where it is stored).</summary>
    public byte[] Seal(ReadOnlySpan<byte> plain, string boundTo)
    {
        var sealedValue = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _cipher.Value!.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize, plain.Length), sealedValue.AsSpan(NonceSize + plain.Length),
            Encoding.UTF8.GetBytes(boundTo));
        return sealedValue;
    }

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong key, or a value altered or moved from <paramref name="boundTo"/>.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string boundTo)
    {
        if (sealedValue.Length < NonceSize + TagSize)
            throw new CryptographicException($"The value stored at {boundTo} is not a sealed value.");
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        _cipher.Value!.Decrypt(sealedValue[..NonceSize], sealedValue.Slice(NonceSize, plain.Length),
            sealedValue[(NonceSize + plain.Length)..], plain, Encoding.UTF8.GetBytes(boundTo));
        return plain;
    }

    /// <summary>Like <see cref="Unprotect"/>, or null when the value is not one this key sealed for that owner and field.</summary>
    public string? TryUnprotect(string protectedValue, string owner, string field)
    {
        try
        {
            return Unprotect(protectedValue, owner, field);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
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
    public string Protect(string value, string owner, string field)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedValue = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        _cipher.Value!.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize, plain.Length), sealedValue.AsSpan(NonceSize + plain.Length),
            AssociatedData(owner, field));
        return Convert.ToBase64String(sealedValue);
    }

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong key or a value altered or moved.</summary>
    public string Unprotect(string protectedValue, string owner, string field)
    {
        var sealedValue = Convert.FromBase64String(protectedValue);
        if (sealedValue.Length < NonceSize + TagSize)
            throw new CryptographicException($"The stored {field} of {owner} is not a protected value.");
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        _cipher.Value!.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plain.Length),
            sealedValue.AsSpan(NonceSize + plain.Length), plain, AssociatedData(owner, field));
        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string owner, string field) => Encoding.UTF8.GetBytes(field + "\n" + owner);
}
