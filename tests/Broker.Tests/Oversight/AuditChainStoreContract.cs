using DataBroker.Broker.Domain.Audit;
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
        var second = SecondReplica();
        Assert.Equal(0, await second.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Empty(second.Sequencer.Held);
    }

    [Fact]
    public async Task Two_replicas_share_the_chains_fairly_and_between_them_fold_every_chain()
    {
        // Three chains (ATU's, RAB-6's, oversight's): alone, the first replica holds them all.
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        Assert.Equal(3, Rig.Sequencer.Held.Count);
        // A second announces itself: two live, a share of two each; it finds every lease held, so the first lets one go.
        var second = SecondReplica();
        await second.Sequencer.CatchUpAsync(default).DefaultTimeout();
        Assert.Empty(second.Sequencer.Held);
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        Assert.Equal(2, Rig.Sequencer.Held.Count);

        var atu = Requests.New("ATU");
        var rab = Requests.New("RAB-6");
        await RequestStore.SubmitAsync(atu, Requests.Audit(atu), default).DefaultTimeout();
        await RequestStore.SubmitAsync(rab, Requests.Audit(rab), default).DefaultTimeout();
        await Journal.AppendAsync(ChainSamples.Event(1).Event, default).DefaultTimeout();
        var folded = await second.Sequencer.CatchUpAsync(default).DefaultTimeout() + await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        Assert.Equal(3, folded);
        Assert.Single(second.Sequencer.Held);
        Assert.Empty(Rig.Sequencer.Held.Intersect(second.Sequencer.Held));
        Assert.Equal(Rig.Sequencer.Chains.Order(StringComparer.Ordinal), Rig.Sequencer.Held.Union(second.Sequencer.Held).Order(StringComparer.Ordinal));
        Assert.True((await Rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
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

    [Fact]
    public async Task A_chain_whose_lease_another_broker_holds_is_left_to_it_while_the_others_fold()
    {
        var atu = Requests.New("ATU");
        var rab = Requests.New("RAB-6");
        await RequestStore.SubmitAsync(atu, Requests.Audit(atu), default).DefaultTimeout();
        await RequestStore.SubmitAsync(rab, Requests.Audit(rab), default).DefaultTimeout();
        Assert.True(await Rig.Chain.TryHoldLeaseAsync("unit:ATU", "another-broker", TimeSpan.FromMinutes(1), default).DefaultTimeout());

        Assert.Equal(1, await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout());
        Assert.Null(await Rig.Chain.HeadAsync("unit:ATU", default).DefaultTimeout());
        Assert.NotNull(await Rig.Chain.HeadAsync("unit:RAB-6", default).DefaultTimeout());
        Assert.True((await Rig.Trail.VerifyAsync(default).DefaultTimeout()).Intact);
    }

    [Fact]
    public async Task Paging_through_every_chain_newest_first_returns_each_entry_once()
    {
        foreach (var unit in new[] { "ATU", "RAB-6", "ATU", "ATU", "RAB-6" })
        {
            Requests.Time.Advance(TimeSpan.FromSeconds(1));
            var request = Requests.New(unit);
            await RequestStore.SubmitAsync(request, Requests.Audit(request), default).DefaultTimeout();
        }
        await Journal.AppendAsync(ChainSamples.Event(1).Event with { At = Requests.Time.GetUtcNow().AddSeconds(1) }, default).DefaultTimeout();
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        var seen = new List<ChainEntry>();
        AuditCursor? before = null;
        do
        {
            var (entries, _, next) = await Rig.Trail.QueryAsync(before, 2, _ => true, default).DefaultTimeout();
            seen.AddRange(entries);
            before = next;
        }
        while (before is not null);

        Assert.Equal(6, seen.Select(e => (e.Source, e.Seq)).Distinct().Count());
        Assert.Equal(6, seen.Count);
        Assert.Equal(seen.Select(e => e.Event.At).OrderDescending(), seen.Select(e => e.Event.At));
        Assert.Equal("oversight", seen[0].Source);
    }

    [Fact]
    public async Task A_read_from_any_position_gives_the_entries_a_read_of_the_whole_chain_gives()
    {
        for (var i = 0; i < 5; i++)
        {
            var request = Requests.New("ATU");
            await RequestStore.SubmitAsync(request, Requests.Audit(request), default).DefaultTimeout();
            if (i % 2 == 0)
                await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        }
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        var whole = await Rig.Chain.ReadAsync("unit:ATU", 1, 10, default).DefaultTimeout();

        Assert.Equal(5, whole.Count);
        for (var from = 1; from <= 6; from++)
        {
            for (var count = 1; count <= 6 - from + 1; count++)
                Assert.Equal(whole.Skip(from - 1).Take(count), await Rig.Chain.ReadAsync("unit:ATU", from, count, default).DefaultTimeout());
        }
    }

    [Fact]
    public async Task A_subjects_entries_are_found_in_every_chain_oldest_first()
    {
        var subject = ChainSamples.Event(7).Event.Details["subject_hmac"];
        var request = Requests.New("RAB-6");
        var audit = Requests.Audit(request);
        var submitted = audit with { Details = new Dictionary<string, string>(audit.Details, StringComparer.Ordinal) { ["subject_hmac"] = subject } };
        await RequestStore.SubmitAsync(request, submitted, default).DefaultTimeout();
        await Journal.AppendAsync(ChainSamples.Event(7).Event with { At = submitted.At.AddMinutes(1) }, default).DefaultTimeout();
        await Rig.Sequencer.CatchUpAsync(default).DefaultTimeout();

        var found = await Rig.Trail.OfSubjectAsync(subject, default).DefaultTimeout();
        Assert.Equal(["unit:RAB-6", "oversight"], found.Select(e => e.Source));
    }
}
