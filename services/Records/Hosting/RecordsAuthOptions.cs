using DataBroker.Identity;
using Microsoft.Extensions.Hosting;

namespace DataBroker.Records.Hosting;

/// <summary>Configuration section <c>Records:Auth</c>: the one credential the records service trusts.</summary>
public sealed class RecordsAuthOptions
{
    public const string Section = "Records:Auth";

    /// <summary>The broker service's ES256 public key (SPKI PEM).</summary>
    public string? BrokerPublicKeyPem { get; set; }

    /// <summary>The configured key, or in Development the committed development key when none is set.</summary>
    public string KeyPem(IHostEnvironment environment) =>
        !string.IsNullOrWhiteSpace(BrokerPublicKeyPem) ? BrokerPublicKeyPem
        : environment.IsDevelopment() ? DevelopmentKeys.BrokerServicePublicPem
        : throw new InvalidOperationException($"{Section}:{nameof(BrokerPublicKeyPem)} is not set.");
}
