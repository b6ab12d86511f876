using DataBroker.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataBroker.Records.Hosting;

/// <summary>Only the broker's service token opens the records service.</summary>
public static class RecordsAuthentication
{
    public const string BrokerServicePolicy = "broker-service";

    public static WebApplicationBuilder AddRecordsAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<RecordsAuthOptions>, RecordsAuthOptionsValidator>();
        services.AddOptions<RecordsAuthOptions>().BindConfiguration(RecordsAuthOptions.Section).ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<RecordsAuthOptions>, IHostEnvironment, TimeProvider>((jwt, auth, environment, time) =>
            {
                // Keep "role" as "role": the validation parameters name it as the role claim.
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = TokenValidation.Parameters(
                    Audiences.BrokerServiceIssuer, Audiences.Records, SigningKeys.FromPem(auth.Value.KeyPem(environment)));
                // The broker reuses its service token for minutes: verify it once, not per lookup.
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(new CachingTokenHandler(time));
            });

        // The fallback makes any endpoint mapped without an explicit rule require the broker too.
        var brokerOnly = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.BrokerService)
            .Build();
        services.AddAuthorizationBuilder()
            .AddPolicy(BrokerServicePolicy, brokerOnly)
            .SetFallbackPolicy(brokerOnly);
        return builder;
    }
}
