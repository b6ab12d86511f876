using System.ComponentModel.DataAnnotations;

namespace DataBroker.DevIdentityProvider.Hosting;

/// <summary>The development identity provider's settings (section <c>IdentityProvider</c>).</summary>
public sealed class DevIdentityProviderOptions
{
    public const string Section = "IdentityProvider";

    /// <summary>The one client it serves: the web console, a public client that must use PKCE.</summary>
    [Required]
    public string ClientId { get; set; } = "databroker-console";

    /// <summary>Exact redirect URIs the console may use.</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>
    /// Also accept a redirect to this path on any loopback port (RFC 8252 §7.3 style), so a console started on
    /// port 0 by a test or by `dbroker dev` needs no registration. Empty turns it off.
    /// </summary>
    public string LoopbackRedirectPath { get; set; } = "/signin-oidc";

    /// <summary>Where the client may be sent back after signing out (RP-initiated logout): these, or the loopback path.</summary>
    public List<string> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>As <see cref="LoopbackRedirectPath"/>, for the return from the end-session endpoint.</summary>
    public string LoopbackPostLogoutPath { get; set; } = "/signout-callback-oidc";

    /// <summary>The ES256 private key (PEM) that signs access tokens; Development falls back to the committed officer-IdP key.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The issuer URL; empty means the address the request came in on.</summary>
    public string? Issuer { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "12:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
