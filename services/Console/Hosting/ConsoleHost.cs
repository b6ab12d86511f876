using DataBroker.Identity;
using DataBroker.WebConsole.Broker;
using DataBroker.WebConsole.Live;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DataBroker.WebConsole.Hosting;

/// <summary>The console's composition: what Program.cs, `dbroker dev` and the browser tests all call.</summary>
public static class ConsoleHost
{
    public const string OfficerPolicy = "officer";
    public const string ApproverPolicy = "approver";
    public const string OversightPolicy = "oversight";
    public const string AdminPolicy = "admin";

    public static WebApplicationBuilder AddWebConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        builder.Services.TryAddSingletonTimeProvider();
        builder.AddConsoleAuthentication(options);
        builder.Services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "__Host-dbconsole.af";
            a.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            a.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/Approvals", ApproverPolicy);
            pages.Conventions.AuthorizeFolder("/Oversight", OversightPolicy);
            pages.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
            pages.Conventions.AuthorizePage("/Requests/New", OfficerPolicy);
            pages.Conventions.AuthorizePage("/Requests/Mine", OfficerPolicy);
            pages.Conventions.AllowAnonymousToPage("/SignedOut");
            pages.Conventions.AllowAnonymousToPage("/Status");
        });
        builder.Services.AddSingleton(services =>
            GrpcChannel.ForAddress(services.GetRequiredService<IOptions<ConsoleOptions>>().Value.BrokerAddress));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<BrokerSession>();
        return builder;
    }

    public static WebApplication MapWebConsole(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
        app.UseExceptionHandler("/Status");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(ConsoleHost).Assembly, "DataBroker.WebConsole.wwwroot"),
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapRazorPages();
        app.MapLiveUpdates();
        app.MapPost("/signout", SignOutAsync);
        return app;
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery)
    {
        // Sign-out is a state change like any other: it carries the anti-forgery token.
        if (!await antiforgery.IsRequestValidAsync(http))
            return Results.BadRequest();
        // Both sessions end: the console's cookie, and the provider's through its end-session endpoint (RP-initiated
        // logout, with the id token as hint), which sends the browser back to /SignedOut.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/SignedOut" },
            [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    private static void AddConsoleAuthentication(this WebApplicationBuilder builder, ConsoleOptions options)
    {
        builder.Services.AddAuthentication(a =>
            {
                a.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                a.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = "__Host-dbconsole";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                // Lax, not Strict: the sign-in returns from the identity provider as a cross-site navigation.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = options.IdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.Events.OnValidatePrincipal = AccessTokenLifetime.RejectWhenExpiredAsync;
                cookie.Events.OnCheckSlidingExpiration = AccessTokenLifetime.KeepIdleTimeoutForLiveTraffic;
                // A refusal is a 403 page in place, never a redirect that puts the path in a query string.
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = options.Authority;
                oidc.ClientId = options.ClientId;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("profile");
                oidc.TokenValidationParameters.NameClaimType = ClaimNames.Subject;
                oidc.TokenValidationParameters.RoleClaimType = ClaimNames.Role;
                // Keep the console's session no longer than its access token: the broker would refuse it anyway.
                oidc.UseTokenLifetime = false;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(OfficerPolicy, p => p.RequireRole(Roles.Officer, Roles.Admin))
            .AddPolicy(ApproverPolicy, p => p.RequireRole(Roles.Approver, Roles.Admin))
            .AddPolicy(OversightPolicy, p => p.RequireRole(Roles.Auditor, Roles.Admin))
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
    }
}
