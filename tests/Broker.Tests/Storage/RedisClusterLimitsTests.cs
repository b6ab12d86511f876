using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Redis;
using DataBroker.Broker.Tests.Domain;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// The store's scripts, limits included, on a real three-master Redis Cluster: every key of one call
/// shares its unit's hash tag, so no script meets CROSSSLOT, and units spread over all masters. Every master is
/// emptied before each test: the admin audit it counts is global.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisClusterLimitsTests(RedisClusterFixture cluster) : IAsyncLifetime, IDisposable
{
    private static readonly string[] Units = [.. Enumerable.Range(1, 12).Select(i => "C" + i)];
    private static readonly OrganisationChart Organisation = new(new Dictionary<string, IReadOnlyList<string>> { ["HQ-C"] = Units });
    private static readonly Officer Approver = new("hq-approver-1", Role.Approver, null, "HQ-C");
    private static readonly Officer Admin = new("hq-admin", Role.Admin, null, "HQ-C");

    private readonly RedisRequestStore _store = new(cluster.Connection, cluster.Options);
    private readonly RedisLimitAdminStore _admin = new(cluster.Connection, TimeProvider.System, new AtRestProtector(cluster.Options.SubjectKeyBytes()));
    private readonly RedisChangeFeed _changes = new(cluster.Connection, new ChangeHub());

    [Fact]
    public async Task Submit_decide_and_release_with_every_kind_of_limit_run_on_every_master_without_crossslot()
    {
        var policy = Policy();
        var workflow = new RequestWorkflow(_store, _changes, Organisation, new RequestRules(), TimeProvider.System, policy);
        var masters = Units.Select(u => cluster.Connection.GetDatabase().IdentifyEndpoint(RedisKeys.Pending(u))?.ToString()).Distinct().Count();
        Assert.Equal(3, masters);

        foreach (var unit in Units)
        {
            var officer = new Officer("officer-" + unit, Role.Officer, unit, "HQ-C");
            var submitted = await workflow.SubmitAsync(officer, Scenario.Draft(Category.NidDetails), default).DefaultTimeout();
            await workflow.DecideAsync(Approver, submitted.Request.Id, approve: true, "lawful", 0, default).DefaultTimeout();
            var release = await workflow.FetchAsync(officer, submitted.Request.Id, new CountingRecords(), default).DefaultTimeout();
            Assert.Equal(RequestState.Disclosed, release.Request.State);

            await workflow.SubmitAsync(officer, Scenario.Draft(Category.NidDetails), default).DefaultTimeout();
            var refused = await Assert.ThrowsAsync<DomainException>(() => workflow.SubmitAsync(officer, Scenario.Draft(Category.NidDetails), default));
            Assert.Equal("two-per-officer", refused.Rule);
        }
    }

    [Fact]
    public async Task Admin_reads_overrides_resets_and_shadow_modes_run_on_the_cluster()
    {
        var policy = Policy();
        var administration = new LimitAdministration(policy, _admin, Organisation, TimeProvider.System);
        foreach (var unit in Units)
        {
            await administration.SetOverrideAsync(Admin, unit, "two-per-officer", "officer-x", new LimitOverride(4, 4, DateTimeOffset.UtcNow.AddMinutes(5)),
                "exercise", default).DefaultTimeout();
            var usage = await administration.UsageAsync(Admin, unit, "officer-x", default).DefaultTimeout();
            Assert.Equal(4, Assert.Single(usage, r => r.Counter.Rule.Name == "two-per-officer").Effective.Limit);
            await administration.ResetAsync(Admin, unit, "per-unit", null, "exercise", default).DefaultTimeout();
        }
        await administration.SetShadowAsync(Admin, "per-unit", true, "exercise", default).DefaultTimeout();
        Assert.Contains("per-unit", await _admin.ShadowedAsync(default));
        await administration.SetShadowAsync(Admin, "per-unit", false, "exercise", default).DefaultTimeout();
        Assert.Equal(2, (await _admin.AdminAuditAsync().DefaultTimeout()).Count);
    }

    public Task InitializeAsync() => cluster.FlushAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _changes.Dispose();

    private LimitPolicy Policy() => new([
        new LimitRule("two-per-officer", LimitScope.Officer, 2, TimeSpan.FromHours(1), 2),
        new LimitRule("per-unit", LimitScope.Unit, 100, TimeSpan.FromHours(1), 0),
        new LimitRule("nid-per-officer", LimitScope.Officer, 50, TimeSpan.FromDays(1), 50, Category.NidDetails),
        new LimitRule("decide-per-approver", LimitScope.Approver, 100, TimeSpan.FromHours(1), 100),
        new LimitRule("subjects-per-unit", LimitScope.ReleasedSubjects, 100, TimeSpan.FromDays(1), 0),
    ], _admin);
}
