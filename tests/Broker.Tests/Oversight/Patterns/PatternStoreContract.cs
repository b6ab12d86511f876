using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Tests.Support;

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
        var loaded = Assert.Single(await Store.LoadPartiesAsync([party], default).DefaultTimeout()).Value;
        Assert.Equal(3, loaded.Sum("decisions", 20_000, 20_000));
        Assert.Equal(1, loaded.DistinctCitizens(20_000, 20_000));
        Assert.Equal(1, loaded.MemberSums(20_000, 20_000)["phq-approver-1"]);
        Assert.Equal(7, loaded.HourSum("third_parties", 480_000, 480_000));
        Assert.Equal(2, loaded.Cases["case"].Disclosures);
        Assert.False(loaded.MayFire("rule", AlertSeverity.Warning, 20_001, 7));
    }
}
