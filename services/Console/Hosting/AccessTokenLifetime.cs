using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DataBroker.WebConsole.Hosting;

/// <summary>Ends the console session when the saved access token has expired, so the person signs in again.</summary>
internal static class AccessTokenLifetime
{
    public static async Task RejectWhenExpiredAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        if (expiresAt is null
            || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiry)
            || expiry <= time.GetUtcNow())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
