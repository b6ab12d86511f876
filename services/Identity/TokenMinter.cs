using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataBroker.Identity;

/// <summary>Mints ES256 JWTs: the dev identity provider's officer tokens and the broker's service token.</summary>
public sealed class TokenMinter(SecurityKey signingKey, string issuer, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials = new(signingKey, SecurityAlgorithms.EcdsaSha256);

    public string Mint(string audience, TimeSpan lifetime, string subject, IEnumerable<string> roles,
        string? unit = null, string? headquarters = null, string? approverRank = null)
    {
        var claims = new List<Claim> { new(ClaimNames.Subject, subject) };
        claims.AddRange(roles.Select(r => new Claim(ClaimNames.Role, r)));
        if (unit is not null)
            claims.Add(new Claim(ClaimNames.Unit, unit));
        if (headquarters is not null)
            claims.Add(new Claim(ClaimNames.Headquarters, headquarters));
        if (approverRank is not null)
            claims.Add(new Claim(ClaimNames.ApproverRank, approverRank));

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = _credentials,
        });
    }

    public static TokenMinter DevelopmentIdentityProvider(TimeProvider time) =>
        new(SigningKeys.FromPem(DevelopmentKeys.OfficerIdpPrivatePem), Audiences.DevelopmentIdentityProvider, time);
}
