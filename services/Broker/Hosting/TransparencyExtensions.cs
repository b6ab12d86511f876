using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Transparency;
using DataBroker.Identity;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

public static class TransparencyExtensions
{
    /// <summary>The transparency report's use case and its own signing key (after <see cref="OversightExtensions.AddOversight"/>: it reads the chains).</summary>
    public static WebApplicationBuilder AddTransparencyReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TransparencyOptions>().BindConfiguration(TransparencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<TransparencyOptions>, TransparencyOptionsValidator>();
        services.AddSingleton(sp => new ReportSigner(sp.GetRequiredService<IOptions<TransparencyOptions>>().Value.SigningKeyPem
            ?? DevelopmentKeys.TransparencyPrivatePem));
        services.AddSingleton(sp => new TransparencyReports(sp.GetRequiredService<IAuditChainStore>(), sp.GetRequiredService<AuditSeal>(),
            sp.GetRequiredService<SealedChains>(), sp.GetRequiredService<ReportSigner>(),
            sp.GetRequiredService<IOptions<TransparencyOptions>>().Value.MinimumCell));
        return builder;
    }
}
