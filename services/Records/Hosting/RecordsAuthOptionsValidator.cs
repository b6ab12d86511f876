using System.Security.Cryptography;
using DataBroker.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataBroker.Records.Hosting;

/// <summary>Fails closed at start: outside Development only a real, configured broker key will do.</summary>
internal sealed class RecordsAuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<RecordsAuthOptions>
{
    private const string Key = $"{RecordsAuthOptions.Section}:{nameof(RecordsAuthOptions.BrokerPublicKeyPem)}";

    public ValidateOptionsResult Validate(string? name, RecordsAuthOptions options)
    {
        var pem = options.BrokerPublicKeyPem;
        if (string.IsNullOrWhiteSpace(pem))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Key} is not set. Outside Development the records service needs the " +
                    "broker service's public key (PEM) and will not start without it.");
        }
        if (!environment.IsDevelopment() && DevelopmentKeys.IsDevelopmentKey(pem))
        {
            return ValidateOptionsResult.Fail($"{Key} is a development key committed to the repository; it is " +
                $"accepted only in Development, not in '{environment.EnvironmentName}'.");
        }
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            return ValidateOptionsResult.Fail($"{Key} holds a private key; give the public key, the private key stays with the broker.");
        try
        {
            _ = SigningKeys.FromPem(pem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return ValidateOptionsResult.Fail($"{Key} is not a readable EC public key PEM.");
        }
        return ValidateOptionsResult.Success;
    }
}
