using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using DataBroker.DevIdentityProvider.Personas;
using DataBroker.Identity;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace DataBroker.DevIdentityProvider.Hosting;

/// <summary>
/// The authorization endpoint: shows the development personas to pick from (there are no passwords: this
/// provider exists for development and tests), then signs the chosen persona in with the claims the broker reads.
/// The picker posts the original OpenID Connect parameters back to this same endpoint.
/// </summary>
internal static class AuthorizationEndpoint
{
    public const string PersonaField = "persona";

    public static async Task<IResult> HandleAsync(HttpContext http, IAntiforgery antiforgery, DevIdentityProviderOptions options)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var chosen = http.Request.HasFormContentType ? http.Request.Form[PersonaField].ToString() : "";
        if (chosen.Length == 0)
            return Picker(http, antiforgery, request, error: null);
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest("The sign-in form expired; start again from the console.");
        var persona = DevelopmentPersonas.Find(chosen);
        if (persona is null)
            return Picker(http, antiforgery, request, error: "No such persona.");

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, persona.Subject));
        identity.AddClaim(new Claim(Claims.Name, persona.Subject));
        identity.AddClaim(new Claim(ClaimNames.Role, persona.Role));
        if (persona.Unit is not null)
            identity.AddClaim(new Claim(ClaimNames.Unit, persona.Unit));
        if (persona.Headquarters is not null)
            identity.AddClaim(new Claim(ClaimNames.Headquarters, persona.Headquarters));
        if (persona.Rank is not null)
            identity.AddClaim(new Claim(ClaimNames.ApproverRank, persona.Rank));
        identity.SetScopes(request.GetScopes());
        identity.SetResources(Audiences.Broker);
        // The access token carries what the broker authorises on; the identity token lets the console pick its pages.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Picker(HttpContext http, IAntiforgery antiforgery, OpenIddictRequest request, string? error)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DataBroker development sign-in</title></head><body><main>");
        page.Append("<h1>DataBroker development sign-in</h1>");
        page.Append("<p>Development identity provider: choose who to sign in as. A deployment signs people in through its own identity provider.</p>");
        if (error is not null)
            page.Append("<p role=\"alert\">").Append(html.Encode(error)).Append("</p>");
        page.Append("<form method=\"post\" action=\"").Append(html.Encode(http.Request.PathBase + http.Request.Path)).Append("\">");
        page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(tokens.FormFieldName)).Append("\" value=\"").Append(html.Encode(tokens.RequestToken ?? "")).Append("\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name is PersonaField)
                continue;
            page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(value.ToString() ?? "")).Append("\">");
        }
        page.Append("<ul>");
        foreach (var persona in DevelopmentPersonas.All)
        {
            var scope = persona.Unit ?? persona.Headquarters ?? "all units";
            page.Append("<li><button type=\"submit\" name=\"").Append(PersonaField).Append("\" value=\"").Append(html.Encode(persona.Subject)).Append("\">")
                .Append(html.Encode(persona.Subject)).Append("</button> ")
                .Append(html.Encode(persona.Rank is null ? $"{persona.Role}, {scope}" : $"{persona.Role} ({persona.Rank}), {scope}")).Append("</li>");
        }
        page.Append("</ul></form></main></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8");
    }
}
