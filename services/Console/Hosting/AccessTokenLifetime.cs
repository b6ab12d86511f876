using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DataBroker.WebConsole.Hosting;

/// <summary>Ends the console session when the saved access token has expired, so the person signs in again.</summary>
internal static class AccessTokenLifetime
{
    /// <summary>The header live pages send when they re-read rows on a live update (wwwroot/js/live.js).</summary>
    public const string LiveRefreshHeader = "X-Live-Refresh";

    /// <summary>
    /// What a live page does by itself (its streams, the rows it re-reads) is not the person's activity: it must not
    /// slide the idle timeout, or an unattended screen would stay signed in for ever.
    /// </summary>
    public static Task KeepIdleTimeoutForLiveTraffic(CookieSlidingExpirationContext context)
    {
        var request = context.HttpContext.Request;
        if (request.Path.StartsWithSegments("/live") || request.Headers.ContainsKey(LiveRefreshHeader))
            context.ShouldRenew = false;
        return Task.CompletedTask;
    }

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
