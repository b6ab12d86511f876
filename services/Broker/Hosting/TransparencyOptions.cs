using System.ComponentModel.DataAnnotations;

namespace DataBroker.Broker.Hosting;

/// <summary>Configuration section "Broker:Transparency": the report's own signing key and its smallest published cell.</summary>
public sealed class TransparencyOptions
{
    public const string Section = "Broker:Transparency";

    /// <summary>EC P-256 private key (PEM) that signs transparency reports. Development falls back to the committed dev key.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>k: any count below it is withheld, with complementary cells.</summary>
    [Range(1, 1000)]
    public int MinimumCell { get; set; } = 5;
}
