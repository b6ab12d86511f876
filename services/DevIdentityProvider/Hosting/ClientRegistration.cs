using System.Net;

namespace DataBroker.DevIdentityProvider.Hosting;

/// <summary>Decides whether a client id and redirect URI belong to the one registered client.</summary>
public sealed class ClientRegistration(DevIdentityProviderOptions options)
{
    public bool IsClient(string? clientId) => string.Equals(clientId, options.ClientId, StringComparison.Ordinal);

    public bool AllowsRedirect(string? redirectUri) => Allows(redirectUri, options.RedirectUris, options.LoopbackRedirectPath);

    public bool AllowsPostLogoutRedirect(string? redirectUri) => Allows(redirectUri, options.PostLogoutRedirectUris, options.LoopbackPostLogoutPath);

    private static bool Allows(string? redirectUri, List<string> registered, string loopbackPath)
    {
        if (string.IsNullOrEmpty(redirectUri) || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri))
            return false;
        if (registered.Contains(redirectUri, StringComparer.Ordinal))
            return true;
        return loopbackPath.Length > 0
            && uri.Scheme is "https" or "http"
            && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address)
            && string.Equals(uri.AbsolutePath, loopbackPath, StringComparison.Ordinal)
            && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
    }
}
