using System.ComponentModel.DataAnnotations;

namespace DataBroker.Broker.Hosting;

/// <summary>Configuration section "Broker". Validated at start: a bad configuration never takes traffic.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    [Required]
    public AuthOptions Auth { get; set; } = new();

    [Required]
    public RecordsOptions Records { get; set; } = new();

    [Required]
    public StoreOptions Store { get; set; } = new();

    [Required]
    public RulesOptions Rules { get; set; } = new();

    /// <summary>The approval policy (docs/policy.md); empty means the agency's shipped policy.</summary>
    [Required]
    public PolicyOptions Policy { get; set; } = new();

    /// <summary>Headquarters and their units; empty means the shipped default organisation.</summary>
    public Dictionary<string, List<string>> Organisation { get; set; } = [];

    public sealed class AuthOptions
    {
        [Required]
        public string Issuer { get; set; } = Identity.Audiences.DevelopmentIdentityProvider;

        [Required]
        public string Audience { get; set; } = Identity.Audiences.Broker;

        /// <summary>The identity provider's ES256 public key (PEM). Development falls back to the committed dev key.</summary>
        public string? PublicKeyPem { get; set; }

        /// <summary>
        /// Further issuer names the same key signs for, e.g. the OpenID Connect provider's URL beside the
        /// development key's own issuer name, so `dbroker token` and the console's sign-in both work.
        /// </summary>
        public List<string> AdditionalIssuers { get; set; } = [];
    }

    public sealed class RecordsOptions
    {
        [Required]
        [Url]
        public string Address { get; set; } = "http://127.0.0.1:5101";

        /// <summary>Several records replicas, balanced round robin by the broker itself; when set, Address is not used.</summary>
        public List<string> Addresses { get; set; } = [];

        /// <summary>The replicas the broker calls: <see cref="Addresses"/>, or else the one <see cref="Address"/>.</summary>
        public IReadOnlyList<string> Replicas => Addresses.Count > 0 ? Addresses : [Address];

        /// <summary>The broker's own ES256 private key (PEM) for its credential towards the records service.</summary>
        public string? ServiceKeyPem { get; set; }

        [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
        public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
    }

    public sealed class StoreOptions
    {
        /// <summary>A StackExchange.Redis connection string; empty selects the embedded in-memory store.</summary>
        public string? Redis { get; set; }

        /// <summary>Base64 of 32 bytes: encrypts subject identifiers and all typed text at rest in Redis.</summary>
        public string? SubjectKey { get; set; }

        /// <summary>PEM file of the CA of Redis's TLS certificate (connection string with <c>ssl=true</c>); empty: the system's trust store.</summary>
        public string? RedisCaPath { get; set; }
    }

    public sealed class RulesOptions
    {
        [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
        public TimeSpan PendingTtl { get; set; } = TimeSpan.FromHours(72);

        /// <summary>Moved to Broker:Policy:GrantTtl; bound only so that a configuration still setting it is refused at start.</summary>
        public TimeSpan? GrantTtl { get; set; }

        /// <summary>Moved to Broker:Policy:Approvals; bound only so that a configuration still setting it is refused at start.</summary>
        public Dictionary<string, string> Quorum { get; set; } = [];
    }
}
