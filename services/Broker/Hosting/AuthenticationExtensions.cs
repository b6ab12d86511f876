using DataBroker.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

public static class AuthenticationExtensions
{
    /// <summary>JWT bearer validation of officers' tokens: issuer, audience, lifetime, ES256 signature.</summary>
    public static WebApplicationBuilder AddBrokerAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<BrokerOptions>, TimeProvider>((jwt, broker, time) =>
            {
                var auth = broker.Value.Auth;
                var key = SigningKeys.FromPem(auth.PublicKeyPem ?? DevelopmentKeys.OfficerIdpPublicPem);
                jwt.MapInboundClaims = false;
                jwt.RequireHttpsMetadata = false;
                // Nothing reads the bearer token back from the authentication properties; storing it there cost
                // every call a properties dictionary and a string join (seen in the Submit profile).
                jwt.SaveToken = false;
                jwt.TokenValidationParameters = TokenValidation.Parameters(auth.Issuer, auth.Audience, key);
                if (auth.AdditionalIssuers.Count > 0)
                    jwt.TokenValidationParameters.ValidIssuers = [auth.Issuer, .. auth.AdditionalIssuers];
                // Verify each token's signature once, not on every call: validation is on the hot path.
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingTokenHandler(time));
            });
        // Fail closed: an endpoint mapped without its own rule still needs a valid token.
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }
}
