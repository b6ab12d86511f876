using Microsoft.IdentityModel.Tokens;

namespace DataBroker.Identity;

/// <summary>The one set of validation rules for every credential in the suite.</summary>
public static class TokenValidation
{
    /// <summary>
    /// Issuer, audience, lifetime and an ES256 signature are all required; any other algorithm,
    /// <c>alg: none</c> included, is refused.
    /// </summary>
    public static TokenValidationParameters Parameters(string issuer, string audience, SecurityKey key) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = ClaimNames.Subject,
        RoleClaimType = ClaimNames.Role,
    };
}
