using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

/// <summary>The report key is required outside Development, must parse, and may not be the committed development key there.</summary>
public sealed class TransparencyOptionsValidator(IHostEnvironment environment) : IValidateOptions<TransparencyOptions>
{
    public ValidateOptionsResult Validate(string? name, TransparencyOptions options)
    {
        var failures = new List<string>();
        BrokerOptionsValidator.CheckKey("Broker:Transparency:SigningKeyPem", options.SigningKeyPem, environment.IsDevelopment(), failures);
        if (failures.Count == 0 && !string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            try
            {
                using var signer = new Domain.Transparency.ReportSigner(options.SigningKeyPem);
                signer.Sign(Domain.Transparency.TransparencyReport.Empty);
            }
            catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                failures.Add($"Broker:Transparency:SigningKeyPem must be an EC P-256 private key: {e.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
