using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

public static class BrokerOptionsExtensions
{
    public static WebApplicationBuilder AddBrokerOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BrokerOptions>()
            .BindConfiguration(BrokerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        BrokerStore.Of(builder);
        return builder;
    }
}
