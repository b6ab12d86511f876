using System.ComponentModel.DataAnnotations;

namespace DataBroker.WebConsole.Hosting;

/// <summary>The console's settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The broker's gRPC address (h2c or https).</summary>
    [Required, Url]
    public string BrokerAddress { get; set; } = "";

    /// <summary>The OpenID Connect provider (its discovery document sits under this URL).</summary>
    [Required, Url]
    public string Authority { get; set; } = "";

    [Required]
    public string ClientId { get; set; } = "databroker-console";

    /// <summary>Signed out after this long without a request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Only the development provider on loopback HTTP may turn this off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
