using DataBroker.DevIdentityProvider.Hosting;

namespace DataBroker.Console.Tests;

public sealed class ClientRegistrationTests
{
    private static readonly ClientRegistration Registration = new(new DevIdentityProviderOptions
    {
        RedirectUris = ["https://console.example/signin-oidc"],
    });

    [Theory]
    [InlineData("https://console.example/signin-oidc")]
    [InlineData("https://127.0.0.1:50123/signin-oidc")]
    [InlineData("https://[::1]:443/signin-oidc")]
    public void Registered_and_loopback_redirects_are_allowed(string uri) => Assert.True(Registration.AllowsRedirect(uri));

    [Theory]
    [InlineData("https://evil.example/signin-oidc")]
    [InlineData("https://127.0.0.1.evil.example/signin-oidc")]
    [InlineData("https://127.0.0.1:5103/other")]
    [InlineData("https://127.0.0.1:5103/signin-oidc?next=https://evil.example")]
    [InlineData("https://user@127.0.0.1:5103/signin-oidc")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public void Any_other_redirect_is_refused(string uri) => Assert.False(Registration.AllowsRedirect(uri));

    [Fact]
    public void Only_the_console_is_a_client() =>
        Assert.True(Registration.IsClient("databroker-console") && !Registration.IsClient("databroker-console2") && !Registration.IsClient(null));
}
