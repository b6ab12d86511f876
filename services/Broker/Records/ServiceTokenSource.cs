using DataBroker.Identity;

namespace DataBroker.Broker.Records;

/// <summary>
/// The broker's own short-lived credential towards the records service, minted from the broker's
/// private key and reused until it is half-way to expiry.
/// </summary>
public sealed class ServiceTokenSource(TokenMinter minter, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly Lock _gate = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    public string Current
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_gate)
            {
                if (_token is null || now >= _renewAt)
                {
                    _token = minter.Mint(Audiences.Records, Lifetime, "broker", [Roles.BrokerService]);
                    _renewAt = now + Lifetime / 2;
                }
                return _token;
            }
        }
    }
}
