using System.Net;

namespace DataBroker.DevIdentityProvider.Hosting;

/// <summary>Decides whether a client id and redirect URI belong to the one registered client.</summary>
public sealed class ClientRegistration(DevIdentityProviderOptions options)
{
    public bool IsClient(string? clientId) => string.Equals(clientId, options.ClientId, StringComparison.Ordinal);

    public bool AllowsRedirect(string? redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
            return false;
        if (options.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
            return true;
        return options.LoopbackRedirectPath.Length > 0
            && uri.Scheme is "https" or "http"
            && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
            && string.Equals(uri.AbsolutePath, options.LoopbackRedirectPath, StringComparison.Ordinal)
            && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
    }
}
