using Microsoft.Extensions.Options;

namespace DataBroker.WebConsole.Hosting;

/// <summary>
/// A strict Content-Security-Policy on every response: scripts and styles only from this origin (no inline script
/// or style), nothing may frame the console, and forms post only here or, when a session has lapsed and the
/// post turns into a sign-in, to the identity provider. No referrer leaves the console.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IOptions<ConsoleOptions> options)
{
    private readonly string _policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        $"form-action 'self' {new Uri(options.Value.Authority).GetLeftPart(UriPartial.Authority)}; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
