using DataBroker.Identity;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Hosting;

/// <summary>
/// The checks data annotations cannot make: keys parse, development keys stay in Development, the approval
/// policy is whole and sound. Fails closed: outside Development every key must be configured.
/// </summary>
public sealed class BrokerOptionsValidator(IHostEnvironment environment) : IValidateOptions<BrokerOptions>
{
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        var failures = new List<string>();
        var development = environment.IsDevelopment();
        CheckKey("Broker:Auth:PublicKeyPem", options.Auth.PublicKeyPem, development, failures);
        CheckKey("Broker:Records:ServiceKeyPem", options.Records.ServiceKeyPem, development, failures);

        if (!string.IsNullOrWhiteSpace(options.Store.Redis))
        {
            if (!development)
                CheckRedisConnection(options.Store.Redis, failures);
            if (string.IsNullOrWhiteSpace(options.Store.SubjectKey) && !development)
                failures.Add("Broker:Store:SubjectKey is required with Redis outside Development (base64 of 32 random bytes).");
            else if (!string.IsNullOrWhiteSpace(options.Store.SubjectKey) && !IsKey32(options.Store.SubjectKey))
                failures.Add("Broker:Store:SubjectKey must be base64 of exactly 32 bytes.");
            else if (!development && !string.IsNullOrWhiteSpace(options.Store.SubjectKey)
                && DevelopmentKeys.IsDevelopmentSecret(Convert.FromBase64String(options.Store.SubjectKey)))
                failures.Add("Broker:Store:SubjectKey is a development key; configure a real key outside Development.");
        }

        foreach (var address in options.Records.Addresses)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                failures.Add($"Broker:Records:Addresses holds '{address}', which is not an http(s) URL.");
        }
        // The approval policy replaced these: a configuration still setting them must not think it is in force.
        foreach (var category in options.Rules.Quorum.Keys)
            failures.Add($"Broker:Rules:Quorum:{category} is no longer read: quorums are in the approval policy, Broker:Policy:Approvals:{category}:Quorum (docs/policy.md).");
        if (options.Rules.GrantTtl is not null)
            failures.Add("Broker:Rules:GrantTtl is no longer read: the grant time is in the approval policy, Broker:Policy:GrantTtl (docs/policy.md).");
        options.Policy.Build(failures);
        foreach (var (hq, units) in options.Organisation)
        {
            if (units.Count == 0)
                failures.Add($"Broker:Organisation:{hq} lists no units.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void CheckKey(string key, string? pem, bool development, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            if (!development)
                failures.Add($"{key} is required outside Development.");
            return;
        }
        if (!development && DevelopmentKeys.IsDevelopmentKey(pem))
        {
            failures.Add($"{key} is a committed development key; configure a real key outside Development.");
            return;
        }
        try
        {
            SigningKeys.FromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or System.Security.Cryptography.CryptographicException)
        {
            failures.Add($"{key} is not an EC P-256 key in PEM form: {e.Message}");
        }
    }

    /// <summary>Outside Development Redis holds everything: reach it only over TLS, as an authenticated (ACL) user.</summary>
    private static void CheckRedisConnection(string connection, List<string> failures)
    {
        StackExchange.Redis.ConfigurationOptions parsed;
        try
        {
            parsed = StackExchange.Redis.ConfigurationOptions.Parse(connection);
        }
        catch (ArgumentException e)
        {
            failures.Add($"Broker:Store:Redis is not a StackExchange.Redis connection string: {e.Message}");
            return;
        }
        if (!parsed.Ssl)
            failures.Add("Broker:Store:Redis must use TLS outside Development (ssl=true; see docs/deploy.md).");
        if (string.IsNullOrEmpty(parsed.User) || string.IsNullOrEmpty(parsed.Password))
            failures.Add("Broker:Store:Redis must name its ACL user and password outside Development (user=broker,password=...).");
    }

    private static bool IsKey32(string base64)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written == 32;
    }
}
