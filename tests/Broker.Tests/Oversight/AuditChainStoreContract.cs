using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>What the chain store and the sequencer over it promise, whichever store holds them.</summary>
public abstract class AuditChainStoreContract
{
    protected RequestFactory Requests { get; } = new();

    protected abstract IRequestStore RequestStore { get; }

    protected abstract IAuditJournal Journal { get; }

    protected abstract ChainRig Rig { get; }

    /// <summary>A second sequencer over the same stores, as another broker replica would run.</summary>
    protected abstract ChainRig SecondReplica();

    [Fact]
    public async Task The_sequencer_folds_each_units_stream_and_the_oversight_stream_into_an_intact_chain_of_its_own()
    {
        var atu = Requests.New("ATU");
        var rab = Requests.New("RAB-6");
        await RequestStore.SubmitAsync(atu, Requests.Audit(atu), default).DefaultTimeout();
        await RequestStore.SubmitAsync(rab, Requests.Audit(rab), default).DefaultTimeout();
        var approved = Requests.Approve(atu);
        await RequestStore.TryUpdateAsync(approved, Requests.Audit(approved, AuditKinds.Approved), default).DefaultTimeout();
        await Journal.AppendAsync(ChainSamples.Event(1).Event with { Kind = "oversight.suspended" }, default).DefaultTimeout();

        Assert.Equal(4, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        var (entries, _, next) = await Rig.Trail.QueryAsync(null, 50, _ => true, default).DefaultTimeout();
        Assert.Equal(4, entries.Count);
        Assert.Null(next);
        // Each chain numbers its own entries and keeps its stream's order: the approval follows the submission.
        var atuChain = entries.Where(e => e.Source == "unit:ATU").OrderBy(e => e.Seq).ToArray();
        Assert.Equal([1L, 2], atuChain.Select(e => e.Seq));
        Assert.Equal([AuditKinds.Submitted, AuditKinds.Approved], atuChain.Select(e => e.Event.Kind));
        Assert.Equal(1, Assert.Single(entries, e => e.Source == "unit:RAB-6").Seq);
        Assert.Equal(1, Assert.Single(entries, e => e.Source == "oversight").Seq);
        // Merged newest first by event time across the chains.
        Assert.Equal(entries.Select(e => e.Event.At).OrderDescending(), entries.Select(e => e.Event.At));

        var verified = await Rig.Trail.VerifyAsync(default).DefaultTimeout();
        Assert.True(verified.Intact, verified.Reason);
        Assert.Equal(4, verified.EntriesChecked);
        Assert.True(verified.CheckpointsChecked >= 1);
    }

    [Fact]
    public async Task Folding_again_appends_only_what_is_new()
    {
        var first = Requests.New("ATU");
        await RequestStore.SubmitAsync(first, Requests.Audit(first), default).DefaultTimeout();
        var before = await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        Assert.Equal(0, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        var second = Requests.New("ATU");
        await RequestStore.SubmitAsync(second, Requests.Audit(second), default).DefaultTimeout();
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.True(before >= 1);
        Assert.True((await Rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task Only_the_lease_holder_folds()
    {
        var request = Requests.New("RAB-6");
        await RequestStore.SubmitAsync(request, Requests.Audit(request), default).DefaultTimeout();
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());

        var another = Requests.New("RAB-6");
        await RequestStore.SubmitAsync(another, Requests.Audit(another), default).DefaultTimeout();
        Assert.Equal(0, await SecondReplica().Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
    }

    [Fact]
    public async Task Entries_about_a_subject_are_found_by_its_pseudonym()
    {
        var audit = ChainSamples.Event(7).Event;
        await Journal.AppendAsync(audit, default).DefaultTimeout();
        await Journal.AppendAsync(ChainSamples.Event(8).Event, default).DefaultTimeout();
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        var found = await Rig.Trail.OfSubjectAsync(audit.Details["subject_hmac"], default).DefaultTimeout();
        Assert.Equal(audit.RequestId, Assert.Single(found).Event.RequestId);
        Assert.Empty(await Rig.Trail.OfSubjectAsync(new string('9', 64), default).DefaultTimeout());
    }
}
