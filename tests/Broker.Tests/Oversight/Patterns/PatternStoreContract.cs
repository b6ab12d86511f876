using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Oversight;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Telemetry;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>What the pattern state store promises, whichever store holds it: what is saved loads back as saved.</summary>
public abstract class PatternStoreContract
{
    protected static readonly DateTimeOffset At = new(2026, 12, 2, 21, 0, 0, TimeSpan.FromHours(6));

    protected abstract IPatternStateStore Store { get; }

    [Fact]
    public async Task A_saved_trace_and_party_history_load_back_as_saved()
    {
        var (requestId, party) = ("ATU.p" + Guid.NewGuid().ToString("N"), PartyKeys.Officer("atu-officer-" + Guid.NewGuid().ToString("N")));
        var state = PatternState.Empty();
        state.SetRequest(requestId, new RequestTrace("atu-officer-1", "ATU", At, true, ["phq-approver-1", "phq-approver-2"]));
        var history = state.Party(party);
        var day = history.Day(20_000, 35);
        day.Add("decisions", 3);
        day.AddMember("phq-approver-1");
        day.AddCitizen("c1", 10);
        history.Hour(480_000, 48).Add("third_parties", 7);
        history.Cases["case"] = new CaseUse { FirstDay = 19_990, LastDay = 20_000, Disclosures = 2 };
        Assert.True(history.MayFire("rule", AlertSeverity.Warning, 20_000, 7));
        await Store.SaveAsync(state, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout();

        var trace = (await Store.LoadRequestsAsync([requestId, "ATU.none"], default).DefaultTimeout()).Single();
        Assert.Equal(requestId, trace.Key);
        Assert.Equal(("atu-officer-1", "ATU", At, true), (trace.Value.Requester, trace.Value.Unit, trace.Value.SubmittedAt, trace.Value.Emergency));
        Assert.Equal(At.Offset, trace.Value.SubmittedAt.Offset);
        Assert.Equal(["phq-approver-1", "phq-approver-2"], trace.Value.Approvers);
        var loaded = Assert.Single(await Store.LoadPartiesAsync([party], default).DefaultTimeout()).Value.History;
        Assert.Equal(3, loaded.Sum("decisions", 20_000, 20_000));
        Assert.Equal(1, loaded.DistinctCitizens(20_000, 20_000));
        Assert.Equal(1, loaded.MemberSums(20_000, 20_000)["phq-approver-1"]);
        Assert.Equal(7, loaded.HourSum("third_parties", 480_000, 480_000));
        Assert.Equal(2, loaded.Cases["case"].Disclosures);
        Assert.False(loaded.MayFire("rule", AlertSeverity.Warning, 20_001, 7));
    }

    [Fact]
    public async Task A_party_written_since_it_was_read_is_refused_and_named_rather_than_overwritten()
    {
        var party = PartyKeys.Headquarters("HQ-" + Guid.NewGuid().ToString("N"));
        var first = await ReadAsync(party);
        var second = await ReadAsync(party);
        first.Party(party).Day(20_000, 35).AddMember("approver-1");
        second.Party(party).Day(20_000, 35).AddMember("approver-2");

        Assert.Empty(await Store.SaveAsync(first, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());
        Assert.Equal([party], await Store.SaveAsync(second, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());

        var stored = Assert.Single(await Store.LoadPartiesAsync([party], default).DefaultTimeout()).Value.History;
        Assert.Equal(["approver-1"], stored.MemberSums(20_000, 20_000).Keys);
        // Read again, it is written: the version moved with the first write.
        var third = await ReadAsync(party);
        third.Party(party).Day(20_000, 35).AddMember("approver-3");
        Assert.Empty(await Store.SaveAsync(third, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());
    }

    [Fact]
    public async Task In_one_save_only_the_party_written_since_it_was_read_is_refused_and_the_others_land()
    {
        var id = Guid.NewGuid().ToString("N");
        string[] parties = [PartyKeys.Officer("a-" + id), PartyKeys.Headquarters("HQ-" + id), PartyKeys.Approver("c-" + id)];
        var batch = PatternState.Empty();
        batch.Merge(await Store.LoadPartiesAsync(parties, default).DefaultTimeout());
        // Another broker writes the HQ in between.
        var other = await ReadAsync(parties[1]);
        other.Party(parties[1]).Day(20_000, 35).AddMember("other");
        Assert.Empty(await Store.SaveAsync(other, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());
        foreach (var party in parties)
            batch.Party(party).Day(20_000, 35).AddMember("batch");

        Assert.Equal([parties[1]], await Store.SaveAsync(batch, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());

        var stored = await Store.LoadPartiesAsync(parties, default).DefaultTimeout();
        Assert.Equal(["batch"], stored[parties[0]].History.MemberSums(20_000, 20_000).Keys);
        Assert.Equal(["other"], stored[parties[1]].History.MemberSums(20_000, 20_000).Keys);
        Assert.Equal(["batch"], stored[parties[2]].History.MemberSums(20_000, 20_000).Keys);
    }

    [Fact]
    public async Task Two_brokers_folding_units_of_one_HQ_with_one_approver_at_the_same_instant_both_land()
    {
        // Both read the HQ's and the approver's histories before either writes: without the compare-and-set the
        // second write would replace the first, and one decision would be lost from both histories.
        var id = Guid.NewGuid().ToString("N")[..12];
        var (hq, approver) = ("HQ-" + id, "approver-" + id);
        var chart = new OrganisationChart(new Dictionary<string, IReadOnlyList<string>> { [hq] = ["U1-" + id, "U2-" + id] });
        var store = new ReadTogether(Store, parties: 2);
        var (one, two) = (Watch(store, chart), Watch(store, chart));

        await Task.WhenAll(
            one.OnChainedAsync([Decided("U1-" + id, "U1.r1", approver, "u1-officer-" + id)], default),
            two.OnChainedAsync([Decided("U2-" + id, "U2.r1", approver, "u2-officer-" + id)], default)).DefaultTimeout();

        var day = new PatternOptions().ToRules(new InsiderOptions().ToRules()).DayOf(At);
        var stored = await Store.LoadPartiesAsync([PartyKeys.Headquarters(hq), PartyKeys.Approver(approver)], default).DefaultTimeout();
        Assert.Equal(2, stored[PartyKeys.Headquarters(hq)].History.MemberSums(day, day)[approver]);
        Assert.Equal(2, stored[PartyKeys.Approver(approver)].History.Sum("decisions", day, day));
        Assert.Equal((2L, 0L), (one.PartiesMerged + two.PartiesMerged, one.PartiesLost + two.PartiesLost));
    }

    [Fact]
    public async Task A_decision_chained_before_decisions_named_their_requester_is_paired_through_the_trace_an_earlier_version_stored()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (requestId, requester, approver) = ("ATU.old" + id, "atu-officer-" + id, "phq-approver-" + id);
        // What the earlier version wrote at the submission: the request's trace, no party.
        var earlier = PatternState.Empty();
        earlier.SetRequest(requestId, new RequestTrace(requester, "ATU", At, false, []));
        Assert.Empty(await Store.SaveAsync(earlier, TimeSpan.FromHours(1), TimeSpan.FromHours(1), default).DefaultTimeout());

        var watch = Watch(Store, OrganisationChart.Default);
        await watch.OnChainedAsync([new AuditEvent(AuditKinds.Approved, "ATU", requestId, approver, At.AddSeconds(40), new Dictionary<string, string>())],
            default).DefaultTimeout();

        var day = new PatternOptions().ToRules(new InsiderOptions().ToRules()).DayOf(At);
        var pair = Assert.Single(await Store.LoadPartiesAsync([PartyKeys.Pair(approver, requester)], default).DefaultTimeout()).Value.History;
        Assert.Equal((1, 1), (pair.Sum("decisions", day, day), pair.Sum("quick", day, day)));
        // The trace now names its approver, for a disclosure chained before disclosures named them.
        Assert.Equal([approver], (await Store.LoadRequestsAsync([requestId], default).DefaultTimeout())[requestId].Approvers);
    }

    private async Task<PatternState> ReadAsync(string party)
    {
        var state = PatternState.Empty();
        state.Merge(await Store.LoadPartiesAsync([party], default).DefaultTimeout());
        return state;
    }

    private static PatternWatch Watch(IPatternStateStore store, OrganisationChart chart)
    {
        var oversight = new EmbeddedOversightStore();
        var desk = new AlertDesk(oversight, new Suspensions(oversight, chart, TimeProvider.System));
        return new PatternWatch(new PatternDetector(new PatternOptions().ToRules(new InsiderOptions().ToRules()), chart), store, desk,
            new OversightLog(NullLogger<OversightLog>.Instance));
    }

    private static AuditEvent Decided(string unit, string requestId, string approver, string requester) =>
        new(AuditKinds.Approved, unit, requestId, approver, At.AddMinutes(20), new Dictionary<string, string>
        {
            [ChainDetails.Requester] = requester,
            [ChainDetails.SubmittedAt] = At.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Holds each of the first <paramref name="parties"/> reads of parties until all are done: two brokers reading at the same instant.</summary>
    private sealed class ReadTogether(IPatternStateStore inner, int parties) : IPatternStateStore
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _reads;

        public Task<IReadOnlyDictionary<string, RequestTrace>> LoadRequestsAsync(IReadOnlyCollection<string> requestIds, CancellationToken cancellationToken) =>
            inner.LoadRequestsAsync(requestIds, cancellationToken);

        public async Task<IReadOnlyDictionary<string, StoredParty>> LoadPartiesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
        {
            var loaded = await inner.LoadPartiesAsync(keys, cancellationToken);
            var read = Interlocked.Increment(ref _reads);
            if (read == parties)
                _all.TrySetResult();
            if (read <= parties)
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return loaded;
        }

        public Task<IReadOnlyCollection<string>> SaveAsync(PatternState state, TimeSpan requestRetention, TimeSpan partyRetention, CancellationToken cancellationToken) =>
            inner.SaveAsync(state, requestRetention, partyRetention, cancellationToken);
    }
}
