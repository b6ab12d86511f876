using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Limits;

public static class LimitsExtensions
{
    /// <summary>
    /// The rules from "Broker:Limits" (validated at start), their metrics, and admin use cases. The store
    /// registration provides <see cref="ILimitAdminStore"/> and <see cref="IShadowModes"/>, so limits live
    /// wherever requests do.
    /// </summary>
    public static WebApplicationBuilder AddBrokerLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LimitsOptions>()
            .BindConfiguration(LimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddMetrics();
        services.AddSingleton<LimitMetrics>();
        services.AddSingleton(sp => new LimitPolicy(
            sp.GetRequiredService<IOptions<LimitsOptions>>().Value.ToRules(),
            sp.GetRequiredService<IShadowModes>(),
            sp.GetRequiredService<LimitMetrics>()));
        services.AddSingleton(sp => new LimitAdministration(
            sp.GetRequiredService<LimitPolicy>(),
            sp.GetRequiredService<ILimitAdminStore>(),
            sp.GetRequiredService<OrganisationChart>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
