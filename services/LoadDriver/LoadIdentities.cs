using DataBroker.Identity;
using Grpc.Core;

namespace DataBroker.LoadDriver;

/// <summary>
/// The load profile's people: many officers spread over the development organisation's units and two
/// approvers per headquarters (a supervisor and a legal officer, as call records need), with development tokens
/// (so the broker must run in Development).
/// </summary>
internal sealed class LoadIdentities
{
    public static readonly IReadOnlyDictionary<string, string[]> Organisation = new Dictionary<string, string[]>
    {
        ["POLICE-HQ"] = ["ATU", "CTTC", "DB"],
        ["RAB-HQ"] = ["RAB-1", "RAB-6"],
    };

    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly Metadata[] _officers;
    private readonly Dictionary<string, Metadata[]> _approvers;

    public LoadIdentities(int officerCount, string runId)
    {
        var minter = TokenMinter.DevelopmentIdentityProvider(TimeProvider.System);
        var units = Organisation.SelectMany(o => o.Value.Select(unit => (Hq: o.Key, Unit: unit))).ToArray();
        Officers = [.. Enumerable.Range(0, officerCount).Select(i =>
        {
            var (_, unit) = units[i % units.Length];
            return new LoadOfficer($"load-{runId}-officer-{i}", unit);
        })];
        _officers = [.. Officers.Select(o => Bearer(minter.Mint(Audiences.Broker, Lifetime, o.Id, [Roles.Officer], unit: o.Unit)))];
        _approvers = Organisation.Keys.ToDictionary(hq => hq, hq => Enumerable.Range(1, 2)
            .Select(k => Bearer(minter.Mint(Audiences.Broker, Lifetime, $"load-{runId}-{hq.ToLowerInvariant()}-approver-{k}", [Roles.Approver],
                headquarters: hq, approverRank: k == 1 ? ApproverRanks.Supervisor : ApproverRanks.Legal)))
            .ToArray());
        RecordsService = Bearer(new TokenMinter(SigningKeys.FromPem(DevelopmentKeys.BrokerServicePrivatePem), Audiences.BrokerServiceIssuer,
            TimeProvider.System).Mint(Audiences.Records, Lifetime, "broker", [Roles.BrokerService]));
    }

    public IReadOnlyList<LoadOfficer> Officers { get; }

    /// <summary>The broker's own credential towards the records service, for measuring the records service alone.</summary>
    public Metadata RecordsService { get; }

    public Metadata Officer(long n) => _officers[(int)(n % _officers.Length)];

    public LoadOfficer OfficerAt(long n) => Officers[(int)(n % Officers.Count)];

    /// <summary>Approver 0 or 1 of the headquarters over <paramref name="unit"/>.</summary>
    public Metadata Approver(string unit, int which) => _approvers[HeadquartersOf(unit)][which];

    public Metadata AnyApprover(long n)
    {
        var hqs = Organisation.Keys.ToArray();
        return _approvers[hqs[n % hqs.Length]][(int)(n / hqs.Length % 2)];
    }

    private static string HeadquartersOf(string unit) => Organisation.First(o => o.Value.Contains(unit)).Key;

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}

internal sealed record LoadOfficer(string Id, string Unit);
