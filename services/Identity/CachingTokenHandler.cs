using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataBroker.Identity;

/// <summary>
/// Verifies a bearer token's ES256 signature once and remembers the outcome until the token expires, so
/// a client reusing its token does not pay for an ECDSA verification on every call. Only successes are
/// remembered; a hit is honoured only before the token's own expiry and only for the same validation
/// parameters, and otherwise the token goes through full validation again. The cache is keyed by the token
/// itself (ordinal: a hit is the very same string, not merely the same hash) and bounded in size; when it is full a
/// new token is validated but not remembered. The key costs no memory the entry did not already hold: the validated
/// token keeps its encoded text. (It was a SHA-256 of the token: an OpenSSL call on every call, for nothing.)
/// </summary>
public sealed class CachingTokenHandler(TimeProvider time, int capacity = CachingTokenHandler.DefaultCapacity) : TokenHandler
{
    public const int DefaultCapacity = 50_000;

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);
    private readonly Lock _sweepGate = new();

    /// <summary>How many validated tokens are remembered now (for tests and metrics).</summary>
    public int Count => _validated.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        if (string.IsNullOrEmpty(token) || token.Length > _inner.MaximumTokenSizeInBytes)
            return await _inner.ValidateTokenAsync(token, validationParameters);

        var now = time.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var hit))
        {
            if (now < hit.ValidTo && SameRules(hit.Parameters, validationParameters))
                return Copy(hit.Result);
            _validated.TryRemove(token, out _);
        }

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        // A failure is never remembered: the next call validates from scratch.
        if (result.IsValid && result.SecurityToken is { } validated && validated.ValidTo > now)
            Remember(token, new Entry(Copy(result), validationParameters, validated.ValidTo), now);
        return result;
    }

    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    /// <summary>
    /// The JwtBearer handler passes a fresh clone of its parameters per call, so compare what decides
    /// acceptance: the issuer, the audience and the very key object that verified the signature.
    /// </summary>
    private static bool SameRules(TokenValidationParameters a, TokenValidationParameters b) =>
        string.Equals(a.ValidIssuer, b.ValidIssuer, StringComparison.Ordinal)
        && string.Equals(a.ValidAudience, b.ValidAudience, StringComparison.Ordinal)
        && ReferenceEquals(a.IssuerSigningKey, b.IssuerSigningKey)
        && Same(a.ValidIssuers, b.ValidIssuers)
        && Same(a.ValidAudiences, b.ValidAudiences)
        && Same(a.ValidAlgorithms, b.ValidAlgorithms)
        && a.ValidateLifetime == b.ValidateLifetime
        && a.ValidateIssuerSigningKey == b.ValidateIssuerSigningKey;

    private static bool Same(IEnumerable<string>? a, IEnumerable<string>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, StringComparer.Ordinal));

    private void Remember(string key, Entry entry, DateTime now)
    {
        if (_validated.Count >= capacity)
            Sweep(now);
        if (_validated.Count < capacity)
            _validated[key] = entry;
    }

    private void Sweep(DateTime now)
    {
        // One sweeper at a time; the others just skip remembering their token while it runs.
        if (!_sweepGate.TryEnter())
            return;
        try
        {
            foreach (var (key, entry) in _validated)
            {
                if (entry.ValidTo <= now)
                    _validated.TryRemove(key, out _);
            }
        }
        finally
        {
            _sweepGate.Exit();
        }
    }

    /// <summary>A fresh result and identity per call, so nothing one request adds to its principal reaches another.</summary>
    private static TokenValidationResult Copy(TokenValidationResult cached) => new()
    {
        IsValid = true,
        SecurityToken = cached.SecurityToken,
        ClaimsIdentity = cached.ClaimsIdentity.Clone(),
        Issuer = cached.Issuer,
        TokenType = cached.TokenType,
        TokenContext = cached.TokenContext,
    };

    private sealed record Entry(TokenValidationResult Result, TokenValidationParameters Parameters, DateTime ValidTo);
}
