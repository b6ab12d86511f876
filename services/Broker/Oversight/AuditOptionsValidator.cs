using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Oversight;

/// <summary>Both audit keys are required outside Development, and must be base64 of 32 bytes wherever given.</summary>
public sealed class AuditOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        Check("Broker:Audit:CheckpointKey", options.CheckpointKey, failures);
        Check("Broker:Audit:SubjectKey", options.SubjectKey, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The key's bytes, or the development key (only in Development; the validator refuses it elsewhere).</summary>
    public static byte[] KeyOrDevelopment(string? base64, string purpose) => string.IsNullOrWhiteSpace(base64)
        ? Identity.DevelopmentKeys.Secret(purpose)
        : Convert.FromBase64String(base64);

    private void Check(string key, string? value, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (!environment.IsDevelopment())
                failures.Add($"{key} is required outside Development (base64 of 32 random bytes: openssl rand -base64 32).");
            return;
        }
        Span<byte> buffer = stackalloc byte[64];
        if (!Convert.TryFromBase64String(value, buffer, out var written) || written != 32)
            failures.Add($"{key} must be base64 of exactly 32 bytes.");
        else if (!environment.IsDevelopment() && Identity.DevelopmentKeys.IsDevelopmentSecret(buffer[..written]))
            failures.Add($"{key} is a development key; configure a real key outside Development.");
    }
}
