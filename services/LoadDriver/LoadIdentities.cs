using System.Text.Json;
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

    // A saved set is reused only while its tokens have this much life left, so no run sees them expire.
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromHours(1);

    private readonly Metadata[] _officers;
    private readonly Dictionary<string, Metadata[]> _approvers;

    public LoadIdentities(int officerCount, string runId)
        : this(Mint(officerCount, runId))
    {
    }

    private LoadIdentities(SavedIdentities saved)
    {
        var units = Organisation.SelectMany(o => o.Value).ToArray();
        Officers = [.. Enumerable.Range(0, saved.Officers.Length).Select(i => new LoadOfficer($"load-{saved.RunId}-officer-{i}", units[i % units.Length]))];
        _officers = [.. saved.Officers.Select(Bearer)];
        _approvers = saved.Approvers.ToDictionary(a => a.Key, a => a.Value.Select(Bearer).ToArray());
        RecordsService = Bearer(saved.RecordsService);
        Saved = saved;
    }

    public IReadOnlyList<LoadOfficer> Officers { get; }

    /// <summary>The broker's own credential towards the records service, for measuring the records service alone.</summary>
    public Metadata RecordsService { get; }

    private SavedIdentities Saved { get; }

    /// <summary>
    /// The identities saved in <paramref name="path"/> by an earlier run, when it has as many officers and its tokens
    /// live on; otherwise new ones, saved there. Runs that share a file send the same tokens, so after the first the
    /// broker's token cache holds them and a run measures the broker's calls, not its first ECDSA verification of
    /// each new officer's token. Without a path, new identities every run.
    /// </summary>
    public static LoadIdentities Reuse(string? path, int officerCount)
    {
        if (path is null)
            return new LoadIdentities(officerCount, DriverCommands.RunId());
        if (File.Exists(path)
            && JsonSerializer.Deserialize<SavedIdentities>(File.ReadAllText(path), DriverCommands.Json) is { } saved
            && saved.Officers.Length == officerCount && saved.ExpiresAt - ReuseMargin > DateTimeOffset.UtcNow)
            return new LoadIdentities(saved);
        var fresh = new LoadIdentities(officerCount, DriverCommands.RunId());
        File.WriteAllText(path, JsonSerializer.Serialize(fresh.Saved, DriverCommands.Json));
        return fresh;
    }

    public Metadata Officer(long n) => _officers[(int)(n % _officers.Length)];

    public LoadOfficer OfficerAt(long n) => Officers[(int)(n % Officers.Count)];

    /// <summary>Approver 0 or 1 of the headquarters over <paramref name="unit"/>.</summary>
    public Metadata Approver(string unit, int which) => _approvers[HeadquartersOf(unit)][which];

    public Metadata AnyApprover(long n)
    {
        var hqs = Organisation.Keys.ToArray();
        return _approvers[hqs[n % hqs.Length]][(int)(n / hqs.Length % 2)];
    }

    private static SavedIdentities Mint(int officerCount, string runId)
    {
        var minter = TokenMinter.DevelopmentIdentityProvider(TimeProvider.System);
        var expiresAt = DateTimeOffset.UtcNow + Lifetime;
        var units = Organisation.SelectMany(o => o.Value).ToArray();
        return new SavedIdentities(runId, expiresAt,
            [.. Enumerable.Range(0, officerCount).Select(i =>
                minter.Mint(Audiences.Broker, Lifetime, $"load-{runId}-officer-{i}", [Roles.Officer], unit: units[i % units.Length]))],
            Organisation.Keys.ToDictionary(hq => hq, hq => Enumerable.Range(1, 2)
                .Select(k => minter.Mint(Audiences.Broker, Lifetime, $"load-{runId}-{hq.ToLowerInvariant()}-approver-{k}", [Roles.Approver], headquarters: hq,
                    approverRank: k == 1 ? ApproverRanks.Supervisor : ApproverRanks.Legal))
                .ToArray()),
            new TokenMinter(SigningKeys.FromPem(DevelopmentKeys.BrokerServicePrivatePem), Audiences.BrokerServiceIssuer, TimeProvider.System)
                .Mint(Audiences.Records, Lifetime, "broker", [Roles.BrokerService]));
    }

    private static string HeadquartersOf(string unit) => Organisation.First(o => o.Value.Contains(unit)).Key;

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}

internal sealed record LoadOfficer(string Id, string Unit);

/// <summary>A run's identities as <c>--identities FILE</c> keeps them: the run id the names derive from, and the tokens.</summary>
internal sealed record SavedIdentities(string RunId, DateTimeOffset ExpiresAt, string[] Officers, Dictionary<string, string[]> Approvers,
    string RecordsService);
