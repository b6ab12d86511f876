using DataBroker.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace DataBroker.DevIdentityProvider.Hosting;

/// <summary>
/// The composition of the development OpenID Connect provider: authorization code with PKCE for the console,
/// ES256 JWT access tokens for the broker's audience, signed with the officer-IdP key the broker already trusts.
/// OpenIddict runs in degraded mode (no database): the one client is checked by <see cref="ClientRegistration"/>,
/// and authorization codes are self-contained and encrypted.
/// </summary>
public static class DevIdentityProviderHost
{
    public static WebApplicationBuilder AddDevIdentityProvider(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DevIdentityProviderOptions.Section).Get<DevIdentityProviderOptions>()
            ?? new DevIdentityProviderOptions();
        var signingPem = options.SigningKeyPem;
        if (string.IsNullOrWhiteSpace(signingPem))
        {
            if (!builder.Environment.IsDevelopment())
                throw new OptionsValidationException(DevIdentityProviderOptions.Section, typeof(DevIdentityProviderOptions),
                    ["IdentityProvider:SigningKeyPem is required outside the Development environment."]);
            signingPem = DevelopmentKeys.OfficerIdpPrivatePem;
        }
        else if (!builder.Environment.IsDevelopment() && DevelopmentKeys.IsDevelopmentKey(signingPem))
        {
            throw new OptionsValidationException(DevIdentityProviderOptions.Section, typeof(DevIdentityProviderOptions),
                ["IdentityProvider:SigningKeyPem is a committed development key; it is refused outside Development."]);
        }

        var registration = new ClientRegistration(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(registration);
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "dbidp.af";
            a.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddOpenIddict().AddServer(server =>
        {
            server.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles);
            if (!string.IsNullOrWhiteSpace(options.Issuer))
                server.SetIssuer(new Uri(options.Issuer, UriKind.Absolute));
            server.SetAccessTokenLifetime(options.AccessTokenLifetime).SetIdentityTokenLifetime(options.AccessTokenLifetime);
            server.AddSigningKey(SigningKeys.FromPem(signingPem));
            // Codes are encrypted with a key that lives only in this process: a restart invalidates codes in flight, nothing else.
            server.AddEphemeralEncryptionKey();
            // The broker reads access tokens as plain signed JWTs, exactly like `dbroker token` mints them.
            server.DisableAccessTokenEncryption();
            server.EnableDegradedMode();
            server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                // Development runs on loopback HTTP; a deployment puts TLS in front (docs/console.md).
                .DisableTransportSecurityRequirement();

            server.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!registration.IsClient(context.ClientId))
                    context.Reject(Errors.InvalidClient, "Unknown client_id.");
                else if (!registration.AllowsRedirect(context.RedirectUri))
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
                return default;
            }));
            // Only back to the registered client: an open redirect after sign-out would hand a phishing page the person's trust.
            server.AddEventHandler<ValidateEndSessionRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is not null && !registration.AllowsPostLogoutRedirect(context.PostLogoutRedirectUri))
                    context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered for this client.");
                return default;
            }));
            server.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!registration.IsClient(context.ClientId))
                    context.Reject(Errors.InvalidClient, "Unknown client_id.");
                return default;
            }));
        });
        return builder;
    }

    public static WebApplication MapDevIdentityProvider(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            // The persona page has no script and no styles of its own; nothing may frame it.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.UseAuthentication();
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Delegate)AuthorizationEndpoint.HandleAsync);
        app.MapPost("/connect/token", (Delegate)TokenEndpoint.HandleAsync);
        // The provider keeps no session of its own (each sign-in picks a persona afresh), so ending one is only the
        // validated return to the client, which OpenIddict answers.
        app.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post],
            () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]));
        return app;
    }
}
