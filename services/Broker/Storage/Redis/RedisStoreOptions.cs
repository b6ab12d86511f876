using System.ComponentModel.DataAnnotations;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>Where the Redis store connects, how long it waits, and the key that seals subjects.</summary>
public sealed class RedisStoreOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>localhost:6379</c> or <c>a:6379,b:6379,password=...</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = "localhost:6379";

    /// <summary>Base64 of the 32-byte AES-256 key that seals subject identifiers. It never lives in Redis.</summary>
    [Required]
    public string SubjectKey { get; set; } = "";

    /// <summary>
    /// A PEM file of the CA that issued Redis's TLS certificate (with <c>ssl=true</c> in the connection
    /// string), for a CA the machine does not trust otherwise; empty uses the system's trust store.
    /// </summary>
    public string TrustedCaPath { get; set; } = "";

    /// <summary>How long an idempotency key keeps naming its request (a client retries well within this).</summary>
    public TimeSpan IdempotencyTtl { get; set; } = TimeSpan.FromDays(8);

    /// <summary>How long a connection attempt may take.</summary>
    [Range(100, 60_000)]
    public int ConnectTimeoutMs { get; set; } = 2000;

    /// <summary>How long a command may wait for its reply before it fails with a timeout.</summary>
    [Range(100, 60_000)]
    public int CommandTimeoutMs { get; set; } = 2000;

    /// <summary>The subject key's bytes; throws with a message an operator can act on when it is unusable.</summary>
    public byte[] SubjectKeyBytes()
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(SubjectKey);
        }
        catch (FormatException)
        {
            throw new ValidationException("RedisStoreOptions.SubjectKey must be base64 (generate one with: openssl rand -base64 32).");
        }
        if (key.Length != AtRestProtector.KeySize)
            throw new ValidationException(
                $"RedisStoreOptions.SubjectKey must be {AtRestProtector.KeySize} bytes of base64; it is {key.Length} (generate one with: openssl rand -base64 32).");
        return key;
    }

    /// <summary>Checks every setting, so a bad configuration stops the broker before it takes traffic.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (IdempotencyTtl <= TimeSpan.Zero)
            throw new ValidationException("RedisStoreOptions.IdempotencyTtl must be positive.");
        SubjectKeyBytes();
        if (!string.IsNullOrWhiteSpace(TrustedCaPath) && !File.Exists(TrustedCaPath))
            throw new ValidationException($"RedisStoreOptions.TrustedCaPath names no file: '{TrustedCaPath}'.");
    }
}
