using System.Security.Claims;
using System.Security.Cryptography;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace DataBroker.Broker.Tests.Identity;

/// <summary>The validated-token cache: it may only save work, never accept what full validation would refuse.</summary>
public sealed class CachingTokenHandlerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ECDsaSecurityKey _key = SigningKeys.FromPem(DevelopmentKeys.OfficerIdpPublicPem);

    private TokenMinter Minter => TokenMinter.DevelopmentIdentityProvider(_time);

    private TokenValidationParameters Rules(string audience = Audiences.Broker)
    {
        var parameters = TokenValidation.Parameters(Audiences.DevelopmentIdentityProvider, audience, _key);
        // Full validation reads the same fake clock as the cache, with the same 30 s skew as in production.
        parameters.LifetimeValidator = (notBefore, expires, _, p) =>
            expires is { } exp && _time.GetUtcNow().UtcDateTime < exp + p.ClockSkew
            && (notBefore is not { } nbf || _time.GetUtcNow().UtcDateTime >= nbf - p.ClockSkew);
        return parameters;
    }

    private string Token(TimeSpan lifetime, string audience = Audiences.Broker) =>
        Minter.Mint(audience, lifetime, "atu-officer-1", [Roles.Officer], unit: "ATU");

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        var handler = new CachingTokenHandler(_time);
        var rules = Rules();
        var token = Token(TimeSpan.FromMinutes(5));
        Assert.True((await handler.ValidateTokenAsync(token, rules).DefaultTimeout()).IsValid);
        Assert.Equal(1, handler.Count);

        // Past the expiry and the 30 s clock skew full validation allows.
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));

        Assert.False((await handler.ValidateTokenAsync(token, rules).DefaultTimeout()).IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task A_second_call_with_the_same_token_is_answered_from_the_cache()
    {
        var handler = new CachingTokenHandler(_time);
        var token = Token(TimeSpan.FromMinutes(5));
        var first = await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout();
        // A fresh parameters object, as the JwtBearer handler clones them per call.
        var second = await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout();

        Assert.True(second.IsValid);
        Assert.Same(first.SecurityToken, second.SecurityToken);
        Assert.Equal("atu-officer-1", second.ClaimsIdentity.FindFirst(ClaimNames.Subject)?.Value);
    }

    [Fact]
    public async Task The_cache_is_keyed_by_the_tokens_text_so_a_tampered_copy_of_a_remembered_token_is_validated_and_refused()
    {
        var handler = new CachingTokenHandler(_time);
        var token = Token(TimeSpan.FromMinutes(5));
        var first = await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout();
        // The same text in another string (as each call's header is): a hit.
        var again = await handler.ValidateTokenAsync(new string(token.AsSpan()), Rules()).DefaultTimeout();
        Assert.Same(first.SecurityToken, again.SecurityToken);

        // One character of the signature changed: not a hit, and full validation refuses it.
        var last = token[^2] == 'A' ? 'B' : 'A';
        var tampered = token[..^2] + last + token[^1..];
        Assert.False((await handler.ValidateTokenAsync(tampered, Rules()).DefaultTimeout()).IsValid);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task A_token_that_fails_validation_is_never_remembered()
    {
        var handler = new CachingTokenHandler(_time);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new TokenMinter(new ECDsaSecurityKey(stranger), Audiences.DevelopmentIdentityProvider, _time)
            .Mint(Audiences.Broker, TimeSpan.FromMinutes(5), "atu-officer-1", [Roles.Officer], unit: "ATU");

        for (var i = 0; i < 2; i++)
            Assert.False((await handler.ValidateTokenAsync(forged, Rules()).DefaultTimeout()).IsValid);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task A_remembered_token_is_not_accepted_under_other_rules()
    {
        var handler = new CachingTokenHandler(_time);
        var token = Token(TimeSpan.FromMinutes(5));
        Assert.True((await handler.ValidateTokenAsync(token, Rules(Audiences.Broker)).DefaultTimeout()).IsValid);

        Assert.False((await handler.ValidateTokenAsync(token, Rules(Audiences.Records)).DefaultTimeout()).IsValid);
    }

    [Fact]
    public async Task Each_call_gets_its_own_identity_so_one_request_cannot_change_another()
    {
        var handler = new CachingTokenHandler(_time);
        var token = Token(TimeSpan.FromMinutes(5));
        var first = await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout();
        first.ClaimsIdentity.AddClaim(new Claim(ClaimNames.Role, Roles.Admin));

        var second = await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout();

        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.DoesNotContain(second.ClaimsIdentity.FindAll(ClaimNames.Role), c => c.Value == Roles.Admin);
    }

    [Fact]
    public async Task A_full_cache_still_validates_every_token_but_stops_growing()
    {
        var handler = new CachingTokenHandler(_time, capacity: 2);
        var tokens = Enumerable.Range(1, 4).Select(i => Token(TimeSpan.FromMinutes(i))).ToArray();

        foreach (var token in tokens)
            Assert.True((await handler.ValidateTokenAsync(token, Rules()).DefaultTimeout()).IsValid);

        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Expired_entries_make_room_for_new_tokens()
    {
        var handler = new CachingTokenHandler(_time, capacity: 2);
        await handler.ValidateTokenAsync(Token(TimeSpan.FromMinutes(1)), Rules()).DefaultTimeout();
        await handler.ValidateTokenAsync(Token(TimeSpan.FromMinutes(1)), Rules()).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.True((await handler.ValidateTokenAsync(Token(TimeSpan.FromMinutes(5)), Rules()).DefaultTimeout()).IsValid);

        Assert.Equal(1, handler.Count);
    }
}
